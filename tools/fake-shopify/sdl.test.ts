// The simulated store's schema is a subset of Shopify's published Admin schema of the version the
// app declares: every type, field, argument and default it declares exists there, with the same
// type. So a document the simulated store accepts, Shopify accepts too (for these fields), and the
// simulated store cannot drift into an API that does not exist.
import { describe, expect, it } from "vitest";
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
} from "graphql";
import { adminSchema } from "./resolvers.ts";
import { DECLARED_API_VERSION, publishedSchema } from "../shopify-schema/published-schema.ts";

function kind(t: GraphQLNamedType): string {
  return t.constructor.name;
}

const sameDefault = (a: GraphQLArgument | GraphQLInputField, b: typeof a) =>
  JSON.stringify(a.defaultValue) === JSON.stringify(b.defaultValue);

/** Every way the fake's declaration of a type differs from Shopify's. */
function differences(fake: GraphQLNamedType, real: GraphQLNamedType | undefined): string[] {
  const out: string[] = [];
  const where = fake.name;
  if (!real) return [`${where}: no such type in Shopify's schema`];
  if (kind(real) !== kind(fake)) return [`${where}: is a ${kind(real)} at Shopify`];
  if (isEnumType(fake) && isEnumType(real)) {
    const values = new Set(real.getValues().map((v) => v.name));
    for (const v of fake.getValues())
      if (!values.has(v.name)) out.push(`${where}.${v.name}: no such enum value`);
  }
  if (isUnionType(fake) && isUnionType(real)) {
    const members = new Set(real.getTypes().map((t) => t.name));
    for (const t of fake.getTypes())
      if (!members.has(t.name)) out.push(`${where}: ${t.name} is not a member`);
  }
  if (
    (isObjectType(fake) || isInterfaceType(fake)) &&
    (isObjectType(real) || isInterfaceType(real))
  ) {
    const interfaces = new Set(real.getInterfaces().map((i) => i.name));
    for (const i of fake.getInterfaces())
      if (!interfaces.has(i.name)) out.push(`${where}: does not implement ${i.name}`);
    const fields = real.getFields();
    for (const f of Object.values(fake.getFields())) {
      const r = fields[f.name];
      if (!r) {
        out.push(`${where}.${f.name}: no such field`);
        continue;
      }
      if (String(r.type) !== String(f.type))
        out.push(`${where}.${f.name}: is ${String(r.type)}, not ${String(f.type)}`);
      for (const a of f.args) {
        const ra = r.args.find((x) => x.name === a.name);
        if (!ra) out.push(`${where}.${f.name}(${a.name}): no such argument`);
        else if (String(ra.type) !== String(a.type))
          out.push(`${where}.${f.name}(${a.name}): is ${String(ra.type)}, not ${String(a.type)}`);
        else if (!sameDefault(a, ra))
          out.push(
            `${where}.${f.name}(${a.name}): defaults to ${JSON.stringify(ra.defaultValue)}, not ${JSON.stringify(a.defaultValue)}`,
          );
      }
    }
  }
  if (isInputObjectType(fake) && isInputObjectType(real)) {
    const fields = real.getFields();
    for (const f of Object.values(fake.getFields())) {
      const r = fields[f.name];
      if (!r) out.push(`${where}.${f.name}: no such input field`);
      else if (String(r.type) !== String(f.type) || !sameDefault(f, r))
        out.push(`${where}.${f.name}: is ${String(r.type)} = ${JSON.stringify(r.defaultValue)}`);
    }
  }
  return out;
}

describe(`the simulated store's SDL against Shopify's published ${DECLARED_API_VERSION} schema`, () => {
  it("declares only types, fields, arguments and defaults that exist there, with the same types", () => {
    const real = publishedSchema();
    const fake = adminSchema();
    const problems = Object.values(fake.getTypeMap())
      .filter((t) => !t.name.startsWith("__"))
      .flatMap((t) => differences(t, real.getType(t.name) ?? undefined));
    expect(problems).toEqual([]);
  });

  it("marks deprecated what Shopify deprecates", () => {
    const real = publishedSchema();
    const deprecated: string[] = [];
    for (const t of Object.values(adminSchema().getTypeMap())) {
      if (!isObjectType(t) || t.name.startsWith("__")) continue;
      const rt = real.getType(t.name);
      if (!rt || !isObjectType(rt)) continue;
      for (const f of Object.values(t.getFields())) {
        const reason = rt.getFields()[f.name]?.deprecationReason;
        if (reason && f.deprecationReason !== reason) deprecated.push(`${t.name}.${f.name}`);
      }
    }
    expect(deprecated).toEqual([]);
  });
});
