// npm run docs:samples — writes docs/channels/samples.md from the renderers.
import { writeFileSync } from "node:fs";
import { samplesMarkdown } from "./samples.ts";

const path = new URL("../../docs/channels/samples.md", import.meta.url);
writeFileSync(path, samplesMarkdown());
console.log(`wrote ${path.pathname}`);
