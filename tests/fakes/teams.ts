// Fake Teams Workflows trigger ("When a Teams webhook request is received"), as Power Automate /
// Logic Apps serve it: POST /workflows/{id}/triggers/manual/paths/invoke?api-version=…&sp=…&sv=…&sig=…
// A known workflow with the right signature answers 202 Accepted (empty body, x-ms-workflow-run-id);
// a wrong signature 401 DirectApiAuthorizationRequired, a deleted workflow 404 WorkflowNotFound,
// a body that is not a message with an Adaptive Card attachment 400 TriggerInputSchemaMismatch,
// errors as {"error": {"code", "message"}}. Scripted answers cover 429 (Retry-After) and 5xx.
import { randomBytes } from "node:crypto";
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeTeamsOptions = StartOptions & { workflows: { id: string; sig: string }[] };

export type FakeTeams = FakeServer & {
  cards: { workflowId: string; card: Record<string, unknown> }[];
  remove(id: string): void;
  urlFor(id: string, sig: string): string;
};

export const teamsError = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Answer => ({
  status,
  body: { error: { code, message } },
  ...(headers ? { headers } : {}),
});

export const teamsThrottled = (retryAfterSeconds: number): Answer =>
  teamsError(429, "WorkflowRequestsThrottled", "Number of requests exceeded the limit.", {
    "retry-after": String(retryAfterSeconds),
  });

export async function startFakeTeams(o: FakeTeamsOptions): Promise<FakeTeams> {
  const workflows = new Map(o.workflows.map((w) => [w.id, w.sig]));
  const cards: FakeTeams["cards"] = [];
  const server = await startFakeServer(o, (req) => {
    const m = /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/.exec(req.path);
    if (!m) return teamsError(404, "NotFound", "The requested resource was not found.");
    const id = m[1]!;
    if (req.method !== "POST") return teamsError(405, "MethodNotAllowed", "Use POST.");
    if (!workflows.has(id))
      return teamsError(404, "WorkflowNotFound", `The workflow '${id}' could not be found.`);
    if (req.query.get("sig") !== workflows.get(id))
      return teamsError(
        401,
        "DirectApiAuthorizationRequired",
        "The request must be authenticated only by Shared Access scheme.",
      );
    const body = req.json as
      | {
          type?: string;
          attachments?: { contentType?: string; content?: Record<string, unknown> }[];
        }
      | undefined;
    const card = body?.attachments?.[0];
    const content = card?.content;
    if (
      body?.type !== "message" ||
      card?.contentType !== "application/vnd.microsoft.card.adaptive" ||
      content?.type !== "AdaptiveCard" ||
      typeof content.version !== "string" ||
      !Array.isArray(content.body)
    )
      return teamsError(
        400,
        "TriggerInputSchemaMismatch",
        "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
      );
    if (Buffer.byteLength(JSON.stringify(content)) > 28_000)
      return teamsError(413, "MessageSizeTooBig", "The card is larger than Teams accepts (28 KB).");
    cards.push({ workflowId: id, card: content });
    return { status: 202, headers: { "x-ms-workflow-run-id": randomBytes(12).toString("hex") } };
  });
  return {
    ...server,
    cards,
    remove: (id) => void workflows.delete(id),
    urlFor: (id, sig) =>
      `${server.url}/workflows/${id}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    reset() {
      server.reset();
      cards.length = 0;
    },
  };
}
