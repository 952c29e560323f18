// Local fakes of the services alerts go to, for tests, the e2e benchmark and the demo.
export * from "./harness.ts";
export * from "./sendgrid.ts";
export * from "./discord.ts";
export * from "./slack.ts";
export * from "./webhook-receiver.ts";
export * from "./teams.ts";
export * from "./telegram.ts";
export * from "./twilio.ts";
export * from "./google.ts";
