// Liveness/readiness for Railway. Postgres is required to accept webhooks; Redis is not (accepted
// events wait in Postgres), so a Redis outage reports "degraded" with 200.
import { services } from "../services.server.ts";

export async function loader() {
  const { db, redis } = services();
  const [pg, rd] = await Promise.allSettled([
    db.pool.query("SELECT 1"),
    redis.status === "ready" ? redis.ping() : Promise.reject(new Error(redis.status)),
  ]);
  const body = {
    status: pg.status === "rejected" ? "down" : rd.status === "rejected" ? "degraded" : "ok",
    postgres: pg.status === "fulfilled" ? "ok" : "down",
    redis: rd.status === "fulfilled" ? "ok" : "down",
  };
  return Response.json(body, { status: pg.status === "fulfilled" ? 200 : 503 });
}
