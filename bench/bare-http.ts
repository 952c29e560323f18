// The intake bench's baseline: the least a node:http server can do per webhook (read the body,
// answer 200).
import http from "node:http";

http
  .createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
