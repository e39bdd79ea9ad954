// Schema-valid JSON instances for `cargo xtask roundtrip`.
//
// usage: node instances.mjs <TOOLS_DIR> <JOB.json> <OUT.json>
//
// The job is {document, schemas: [{id, schema, direction}], count, seed}: `document` is an
// OpenAPI 3.0 document (for its `components`), each schema a body schema from it and
// `direction` "request" or "response". The output is {id: {instances, discarded, errors}}:
// up to `count` distinct instances per schema, each checked with ajv against the converted
// schema (instances json-schema-faker gets wrong are discarded and counted, the first few
// reasons kept).
//
// OpenAPI 3.0 is brought into JSON Schema 2020-12 form first (`convert`):
// - `nullable: true` becomes `anyOf: [schema, {type: "null"}]`;
// - `readOnly` properties are dropped from request instances, `writeOnly` ones from response
//   instances (from `properties` and `required`);
// - boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form;
// - `discriminator` is not a JSON Schema keyword: its one effect on valid instances is kept,
//   each `oneOf`/`anyOf` member's discriminator property is limited to the member's tags
//   (the mapping's keys naming it, else its schema name); the keyword itself is dropped;
// - `format: binary` is dropped (bodies with files are skipped by xtask);
// - an `allOf` member's `additionalProperties: false` is removed: this project reads
//   `allOf` as the union of its members' properties; properties next to a `oneOf`/`anyOf`
//   of inline members go into each member as an `allOf` (as the generator reads them);
// - integer formats (`int8` ... `uint64`) bound the value as the OpenAPI format registry says;
// - `format: ip` (OpenAPI usage, not JSON Schema) is an IPv4 or IPv6 address, as the
//   generator reads it;
// - `properties` (or an `additionalProperties` schema) without `type` means an object, `items`
//   an array, as the generator reads them;
// - for generating only (ajv checks against the spec's limits): strings without format,
//   pattern or enum get `maxLength` 12 at most, arrays `maxItems` 3 at most (never below
//   their minimum), so instances stay small; `format: float` numbers are multiples of 0.25,
//   which an f32 holds exactly; an object whose `additionalProperties` is a schema (or
//   `true`, or absent from an object without properties) gets one extra optional property
//   `extra_member` of that schema: json-schema-faker never invents additional members, and
//   maps would go untested;
// - `$ref`s into `#/components/schemas/` stay references (the converted components travel
//   with every schema, json-schema-faker and ajv resolve them, depth-bounded by refDepthMax
//   and maxDepth); other local `$ref`s are inlined, at most 4 deep.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [tools, jobPath, outPath] = process.argv.slice(2);
const require = createRequire(join(tools, "package.json"));
// 0.6.3 under an alias: the top-level `json-schema-faker` is Prism's 0.5.8, which its CLI and
// HTTP packages must share for its `x-json-schema-faker` options to apply.
const jsfPackage = join(tools, "node_modules", "json-schema-faker-roundtrip");
const jsfMain = JSON.parse(readFileSync(join(jsfPackage, "package.json"), "utf8")).main;
const { generateSync } = await import(pathToFileURL(join(jsfPackage, jsfMain)).href);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const job = JSON.parse(readFileSync(jobPath, "utf8"));
const document = job.document;
const SCHEMAS = "#/components/schemas/";
const MAX_STRING = 12;
const MAX_ITEMS = 3;
const EXTRA = "extra_member";

function resolvePointer(ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split("/")) {
    const token = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(token in node)) return undefined;
    node = node[token];
  }
  return node;
}

/** Whether a property schema is marked `flag` (readOnly, writeOnly), directly or through a $ref. */
function marked(schema, flag, depth = 0) {
  if (!schema || typeof schema !== "object" || depth > 4) return false;
  if (schema[flag] === true) return true;
  if (typeof schema.$ref === "string") return marked(resolvePointer(schema.$ref), flag, depth + 1);
  return Array.isArray(schema.allOf) && schema.allOf.some((member) => marked(member, flag, depth + 1));
}

/** The discriminator tags of a `oneOf`/`anyOf` member that is a `$ref` to a named schema. */
function tagsOf(member, discriminator) {
  if (!member || typeof member.$ref !== "string" || !member.$ref.startsWith(SCHEMAS)) return [];
  const name = member.$ref.slice(SCHEMAS.length);
  const mapped = Object.entries(discriminator.mapping ?? {})
    .filter(([, target]) => target === member.$ref || target === name)
    .map(([tag]) => tag);
  return mapped.length > 0 ? mapped : [name];
}

/** Keywords that stay on a union rather than going to each member (generator/src/resolve/union_siblings.rs). */
const KEPT_ON_UNION = new Set(["oneOf", "anyOf", "discriminator", "description", "title", "nullable", "readOnly", "writeOnly"]);

/**
 * Properties next to a `oneOf`/`anyOf` of inline members belong to every member, as the
 * generator reads them: `{properties: {id}, oneOf: [A, B]}` becomes
 * `{oneOf: [{allOf: [{properties: {id}}, A]}, {allOf: [.., B]}]}` (and `convert` then drops
 * `additionalProperties: false` inside the `allOf`s).
 */
function withSharedPropertiesMoved(schema) {
  if (!schema.properties || Object.keys(schema.properties).length === 0) return schema;
  const keyword = ["oneOf", "anyOf"].find((k) => {
    const members = schema[k];
    return (
      Array.isArray(members) &&
      members.length > 0 &&
      members.every((m) => m && m.$ref === undefined) &&
      !members.every((m) => m && Object.keys(m).every((key) => key === "required"))
    );
  });
  if (!keyword) return schema;
  const union = {};
  const shared = {};
  for (const [key, value] of Object.entries(schema)) (KEPT_ON_UNION.has(key) ? union : shared)[key] = value;
  union[keyword] = schema[keyword].map((member) => ({ allOf: [shared, member] }));
  return union;
}

/**
 * The range of each integer format of the OpenAPI format registry (an int64 is left to
 * json-schema-faker's small default range: beyond 2^53 a JSON number is not exact).
 */
const INTEGER_RANGES = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  uint64: [0, undefined],
};

const DROPPED = new Set(["nullable", "discriminator", "example", "xml", "externalDocs", "deprecated"]);

/**
 * The JSON Schema form of an OpenAPI 3.0 schema. `mode` is "validate" or "generate": the
 * latter spells `oneOf` as `anyOf`, since json-schema-faker leaves every optional member out
 * of `oneOf` branches (ajv still checks instances against the `oneOf`).
 */
function convert(original, direction, mode, inlined = 0) {
  if (original === true || original === false) return original;
  if (!original || typeof original !== "object" || Array.isArray(original)) return {};
  const schema = withSharedPropertiesMoved(original);
  if (typeof schema.$ref === "string" && !schema.$ref.startsWith(SCHEMAS)) {
    const target = resolvePointer(schema.$ref);
    return inlined < 4 && target ? convert(target, direction, mode, inlined + 1) : {};
  }
  const sub = (node) => convert(node, direction, mode, inlined);
  const hidden = direction === "request" ? "readOnly" : "writeOnly";
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    switch (key) {
      case "properties": {
        out.properties = {};
        for (const [name, property] of Object.entries(value ?? {})) {
          if (!marked(property, hidden)) out.properties[name] = sub(property);
        }
        break;
      }
      case "items":
      case "not":
        out[key] = sub(value);
        break;
      case "additionalProperties":
        out[key] = typeof value === "object" ? sub(value) : value;
        break;
      case "allOf":
        out.allOf = value.map((member) => {
          const converted = sub(member);
          if (converted.additionalProperties === false) delete converted.additionalProperties;
          return converted;
        });
        break;
      case "oneOf":
      case "anyOf": {
        const members = value.map((member) => {
          const converted = sub(member);
          const tags = schema.discriminator ? tagsOf(member, schema.discriminator) : [];
          if (tags.length === 0) return converted;
          const property = schema.discriminator.propertyName;
          return { allOf: [converted, { properties: { [property]: { enum: tags } }, required: [property] }] };
        });
        if (key === "oneOf" && mode === "generate") {
          if (schema.anyOf) out.allOf = [...(out.allOf ?? []), { anyOf: members }];
          else out.anyOf = members;
        } else if (key === "anyOf" && out.anyOf) {
          out.allOf = [...(out.allOf ?? []), { anyOf: members }];
        } else {
          out[key] = members;
        }
        break;
      }
      case "format":
        if (value !== "binary") out.format = value;
        break;
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        if (typeof value === "number") out[key] = value;
        break;
      default:
        out[key] = value;
    }
  }
  if (out.properties && Array.isArray(out.required)) {
    out.required = out.required.filter((name) => name in out.properties || !(name in (schema.properties ?? {})));
  }
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ]) {
    if (schema[flag] === true && typeof schema[bound] === "number") {
      out[flag] = schema[bound];
      delete out[bound];
    }
  }
  // The generator reads `properties` (or a schema of `additionalProperties`) without `type`
  // as an object and `items` as an array, as OpenAPI authors mean them (Azure's definitions
  // rarely say `type: object`); JSON Schema alone would let any value through.
  if (out.type === undefined && !out.allOf && !out.anyOf && !out.oneOf && !out.enum) {
    if (out.properties || typeof out.additionalProperties === "object") out.type = "object";
    else if (out.items) out.type = "array";
  }
  const type = out.type;
  const range = INTEGER_RANGES[out.format];
  if (type === "integer" && range) {
    out.minimum = Math.max(out.minimum ?? range[0], range[0]);
    if (range[1] !== undefined) out.maximum = Math.min(out.maximum ?? range[1], range[1]);
  }
  if (mode === "generate") sizeForGenerating(out);
  return schema.nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

/**
 * What only the generating schema gets (the checking one keeps the spec's limits): small
 * strings and arrays, an extra member for open objects, and `format: float` numbers that
 * an `f32` holds exactly.
 */
function sizeForGenerating(out) {
  const type = out.type;
  if (type === "string" && !out.format && !out.pattern && !out.enum && out.const === undefined) {
    out.maxLength = Math.max(out.minLength ?? 0, Math.min(out.maxLength ?? MAX_STRING, MAX_STRING));
  }
  if (type === "array" || out.items) {
    out.maxItems = Math.max(out.minItems ?? 0, Math.min(out.maxItems ?? MAX_ITEMS, MAX_ITEMS));
  }
  if (type === "number" && out.format === "float" && out.multipleOf === undefined) out.multipleOf = 0.25;
  const extra = out.additionalProperties;
  const freeForm =
    type === "object" && extra === undefined && !out.properties && !out.allOf && !out.anyOf && !out.oneOf;
  const open = freeForm || extra === true || (extra && typeof extra === "object" && !Array.isArray(extra));
  if (open && !(out.properties && EXTRA in out.properties) && out.maxProperties === undefined && !out.propertyNames) {
    out.properties = { ...(out.properties ?? {}), [EXTRA]: typeof extra === "object" ? extra : {} };
  }
}

const converted = new Map();
function components(direction, mode) {
  const key = `${direction} ${mode}`;
  if (!converted.has(key)) {
    const schemas = {};
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      schemas[name] = convert(schema, direction, mode);
    }
    converted.set(key, { schemas });
  }
  return converted.get(key);
}

/** FNV-1a, so a body's instances depend on its id and the seed, not on the other bodies. */
function hash(text) {
  let h = 0x811c9dc5;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

const formats = {
  // jsf has no `byte` format: base64 of a few random bytes.
  byte: (random) => {
    const bytes = Array.from({ length: random.int(0, 9) }, () => random.int(0, 255));
    return Buffer.from(bytes).toString("base64");
  },
  // `ip` is no JSON Schema format (ajv would let any string pass); the generator reads it as
  // an IPv4 or IPv6 address (`std::net::IpAddr`), so instances are addresses.
  ip: (random) => Array.from({ length: 4 }, () => random.int(0, 255)).join("."),
};

const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateFormats: true });
addFormats(ajv);
const { fullFormats } = require("ajv-formats/dist/formats");
ajv.addFormat("ip", (text) => fullFormats.ipv4.test(text) || fullFormats.ipv6.test(text));

const result = {};
for (const { id, schema, direction } of job.schemas) {
  const rootFor = (mode) => ({ ...convert(schema, direction, mode), components: components(direction, mode) });
  const root = rootFor("generate");
  const entry = { instances: [], discarded: 0, errors: [] };
  result[id] = entry;
  let validate;
  try {
    validate = ajv.compile(rootFor("validate"));
  } catch (error) {
    entry.errors.push(`ajv cannot compile the schema: ${error.message}`);
    continue;
  }
  const seen = new Set();
  for (let attempt = 0; attempt < job.count * 4 && entry.instances.length < job.count; attempt++) {
    const options = {
      seed: hash(`${id} ${job.seed} ${attempt}`),
      // Every other instance has all its optional members; of the others, half have the
      // first half of them (fixedProbabilities) and half a random share, so that members are
      // left out in different combinations.
      alwaysFakeOptionals: attempt % 2 === 1,
      fixedProbabilities: attempt % 4 === 0,
      useDefaultValue: true,
      failOnInvalidTypes: false,
      maxDepth: 6,
      refDepthMax: 3,
      maxDefaultItems: MAX_ITEMS,
      formats,
    };
    let instance;
    try {
      instance = generateSync(root, options);
    } catch (error) {
      entry.discarded++;
      if (entry.errors.length < 3) entry.errors.push(`json-schema-faker: ${error.message}`);
      continue;
    }
    if (instance === undefined) {
      entry.discarded++;
      continue;
    }
    if (!validate(instance)) {
      entry.discarded++;
      if (entry.errors.length < 3) {
        const first = validate.errors?.[0];
        entry.errors.push(`invalid instance: ${first?.instancePath || "/"} ${first?.message} (${JSON.stringify(instance).slice(0, 160)})`);
      }
      continue;
    }
    const text = JSON.stringify(instance);
    if (!seen.has(text)) {
      seen.add(text);
      entry.instances.push(instance);
    }
  }
}
writeFileSync(outPath, JSON.stringify(result));
