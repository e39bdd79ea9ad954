//! Random OpenAPI documents for `cargo xtask roundtrip --random N [--seed S]`: a seeded
//! generator (splitmix64, no dependencies) of documents that combine, at every depth up to
//! [`MAX_DEPTH`], the constructs a client generator gets wrong:
//!
//! - objects whose members are required, optional, nullable or optional and nullable, with
//!   names that collide after case conversion (`fooBar`/`foo_bar`/`FooBar`, `self`/`Self`,
//!   `a-b`/`a_b`) or are Rust keywords (`type`, `crate`, `super`, `match`);
//! - `oneOf`/`anyOf` of primitives, arrays, inline objects, `$ref`s and other unions, made
//!   nullable with a `{type: 'null'}` member (3.1) or `nullable: true` (3.0); a
//!   discriminated `oneOf` with a (sometimes partial) `mapping`;
//! - maps (`additionalProperties` of any schema, unions included), arrays of nullable items;
//! - recursion: a tree node holding a list of itself, mutual recursion `A -> B -> A`;
//! - `allOf` of a `$ref` and inline properties, `allOf` of such an `allOf`;
//! - every format (`int8` ... `uint64`, `float`, `double`, `date-time`, `date`, `uuid`,
//!   `ipv4`, `ipv6`, `byte`; `binary` only in multipart and octet-stream bodies); string
//!   enums whose values collide after case conversion, and `Unknown`;
//! - component names that collide after case conversion (`Thing`/`thing`), with Rust's
//!   prelude (`String`, `Option`, `Self`) or with the names of inline types;
//! - bodies of every kind (JSON, form, multipart with optional file parts, text, bytes),
//!   204 responses, `default` error responses, parameters in path, query (arrays exploded
//!   or not), header and cookie.
//!
//! Even seeds give OpenAPI 3.0 documents (`nullable: true`), odd seeds OpenAPI 3.1 ones
//! (`type: [T, 'null']`, `enum: [.., null]`, `anyOf: [T, {type: 'null'}]`,
//! `contentMediaType` files). The schemas are valid, and each `oneOf` keeps its members
//! apart (no two of the same JSON type where it can), so that schema-valid instances exist;
//! an `anyOf` may overlap (`int8` beside `uint8`, a nullable member).

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

/// How deep schemas nest inside a body or a component (not counting `$ref`s).
pub const MAX_DEPTH: u32 = 4;

/// splitmix64 (Steele, Lea, Flood): small, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Property names, in groups (space-separated) that collide after case conversion, and
/// Rust keywords.
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "fooBar foo_bar FooBar", "self Self", "a-b a_b", "createdAt created-at", "type", "crate super", "match", "id",
    "name", "value", "items", "2fa", "count", "data",
];

/// Enum values: `a-b`/`a_b`/`A_B` and `Unknown`/`unknown` collide after case conversion.
const ENUM_VALUES: &[&str] = &["a-b", "a_b", "A_B", "Unknown", "unknown", "self", "type", "1st", "x y", "ok", "done"];

/// Names of the random components beside the fixed families.
const COMPONENT_NAMES: &[&str] =
    &["Thing", "thing", "String", "Option", "Self", "Type", "NodeFooBar", "AlphaType", "ThingsDoThing0Request"];

const INTEGER_FORMATS: &[&str] = &["", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"];
const NUMBER_FORMATS: &[&str] = &["", "float", "double"];
const STRING_FORMATS: &[&str] = &["", "date-time", "date", "uuid", "ipv4", "ipv6", "byte"];

/// What a union member is; a `oneOf` takes each at most once (and not both of a pair that
/// share a JSON type), so that an instance matches one member. `Any` (`{}`, `{type:
/// object}`) is never a union member.
#[derive(Clone, Copy, PartialEq, Eq)]
#[rustfmt::skip]
enum Kind { Text, Enum, Integer, Number, Boolean, Array, Object, Ref, Union, Any }

#[rustfmt::skip]
const KINDS: &[Kind] = &[
    Kind::Text, Kind::Enum, Kind::Integer, Kind::Number, Kind::Boolean, Kind::Array, Kind::Object, Kind::Ref, Kind::Union,
];

fn clashes(a: Kind, b: Kind) -> bool {
    let pairs = [(Kind::Text, Kind::Enum), (Kind::Integer, Kind::Number), (Kind::Object, Kind::Ref)];
    a == b || pairs.iter().any(|&pair| pair == (a, b) || pair == (b, a))
}

/// The document for one seed: even seeds OpenAPI 3.0, odd seeds 3.1.
pub fn document(seed: u64) -> Value {
    let mut g = Gen { rng: Rng(seed), v31: seed % 2 == 1, schemas: Map::new(), objects: Vec::new() };
    g.components();
    let mut paths = Map::new();
    for k in 0..g.rng.between(3, 8) {
        let (path, method, operation) = g.operation(k);
        let item = paths.entry(path).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    json!({
        "openapi": if g.v31 { "3.1.0" } else { "3.0.3" },
        "info": {"title": format!("Random spec {seed}"), "version": "1"},
        "paths": paths,
        "components": {"schemas": g.schemas},
    })
}

/// Writes `count` documents to `target/random-specs/seed-<seed>/spec-<k>.json` (spec `k` is
/// [`document`]`(seed * 1000 + k)`: consecutive specs alternate 3.0 and 3.1); returns each
/// path with a name for its check project (`random-<seed>-<k>`).
pub fn write(root: &Path, count: usize, seed: u64) -> Result<Vec<(PathBuf, String)>, String> {
    let dir = root.join(format!("target/random-specs/seed-{seed}"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for k in 0..count {
        let path = dir.join(format!("spec-{k}.json"));
        let text = serde_json::to_string_pretty(&document(seed.wrapping_mul(1000).wrapping_add(k as u64)))
            .expect("JSON")
            + "\n";
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        written.push((path, format!("random-{seed}-{k}")));
    }
    Ok(written)
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

struct Gen {
    rng: Rng,
    v31: bool,
    schemas: Map<String, Value>,
    /// Components that are objects (or `allOf`s of objects): `$ref` targets for `allOf`.
    objects: Vec<String>,
}

impl Gen {
    /// The component families every document has (their members random), then a few
    /// random components that may refer to them.
    fn components(&mut self) {
        // First, so that a `$ref` always has a target.
        let status = self.enum_schema();
        self.schemas.insert("Status".into(), status);
        // A tree node holding a list of itself.
        let mut node = self.object(1, 0, &["children", "parent"]);
        node["properties"]["children"] = json!({"type": "array", "items": reference("Node")});
        node["properties"]["parent"] = self.nullable(reference("Node"));
        self.add_object("Node", node);
        // Mutual recursion: Alpha -> Beta -> Alpha.
        let mut alpha = self.object(1, 0, &["beta"]);
        alpha["properties"]["beta"] = self.maybe_nullable(40, reference("Beta"));
        self.add_object("Alpha", alpha);
        let mut beta = self.object(1, 0, &["alphas", "alpha"]);
        beta["properties"]["alphas"] = json!({"type": "array", "items": reference("Alpha")});
        beta["properties"]["alpha"] = self.nullable(reference("Alpha"));
        push_required(&mut beta, "alphas");
        self.add_object("Beta", beta);
        self.discriminated();
        // allOf chains: a $ref plus inline properties, and an allOf of that allOf.
        let base = self.object(1, 0, &[]);
        self.add_object("Base", base);
        let derived = self.all_of("Base", 2);
        self.add_object("Derived", derived);
        let extra = self.object_avoiding(2, &property_names(&self.schemas, &reference("Derived")), None);
        let more = json!({"allOf": [self.all_of("Derived", 2), extra]});
        self.add_object("MoreDerived", more);
        for _ in 0..self.rng.between(1, 4) {
            let (name, schema) = (self.rng.pick(COMPONENT_NAMES), self.schema(0));
            self.schemas.entry(name).or_insert(schema);
        }
    }

    /// A `$ref` to any component.
    fn any_ref(&mut self) -> Value {
        let names: Vec<String> = self.schemas.keys().cloned().collect();
        reference(&names[self.rng.below(names.len())])
    }

    fn add_object(&mut self, name: &str, schema: Value) {
        self.schemas.insert(name.to_string(), schema);
        self.objects.push(name.to_string());
    }

    /// A discriminated `oneOf` of two objects, `mapping` naming both or one of them.
    fn discriminated(&mut self) {
        let tag = self.rng.pick(&["kind", "type", "petType"]);
        for name in ["Dog", "Cat"] {
            let mut member = self.object(2, 0, &[tag]);
            member["properties"][tag] = json!({"type": "string"});
            push_required(&mut member, tag);
            self.add_object(name, member);
        }
        let mut mapping = json!({"dog": "#/components/schemas/Dog"});
        if self.rng.chance(50) {
            mapping["cat-cat"] = json!("#/components/schemas/Cat");
        }
        let pet = json!({"oneOf": [reference("Dog"), reference("Cat")],
            "discriminator": {"propertyName": tag, "mapping": mapping}});
        self.schemas.insert("Pet".into(), pet);
    }

    fn enum_schema(&mut self) -> Value {
        let mut values: Vec<&str> = Vec::new();
        if self.rng.chance(50) {
            values.extend(self.rng.pick(&[&["a-b", "a_b"][..], &["Unknown", "unknown"], &["a_b", "A_B"]]));
        }
        for _ in 0..self.rng.between(1, 4) {
            push_new(&mut values, self.rng.pick(ENUM_VALUES));
        }
        json!({"type": "string", "enum": values})
    }

    /// A schema that is not itself nullable; `depth` counts the nesting so far.
    fn schema(&mut self, depth: u32) -> Value {
        let kind = if depth >= MAX_DEPTH {
            self.rng.pick(&[Kind::Text, Kind::Integer, Kind::Number, Kind::Boolean, Kind::Enum, Kind::Ref, Kind::Any])
        } else {
            self.rng.pick(&[Kind::Object, Kind::Object, Kind::Array, Kind::Union, Kind::Ref, Kind::Text, Kind::Integer])
        };
        match kind {
            Kind::Object if depth < MAX_DEPTH => match self.rng.below(6) {
                0 => self.map(depth + 1),
                1 if !self.objects.is_empty() => {
                    let target =
                        self.rng.pick(&self.objects.iter().map(String::as_str).collect::<Vec<_>>()).to_string();
                    self.all_of(&target, depth + 1)
                }
                _ => self.object(5, depth + 1, &[]),
            },
            Kind::Union if depth < MAX_DEPTH => self.union(depth + 1, &mut Vec::new()),
            _ => self.of_kind(kind, depth),
        }
    }

    fn of_kind(&mut self, kind: Kind, depth: u32) -> Value {
        let format = |rng: &mut Rng, ty: &str, formats: &[&str]| match rng.pick(formats) {
            "" => json!({"type": ty}),
            format => json!({"type": ty, "format": format}),
        };
        match kind {
            Kind::Text if self.v31 && self.rng.chance(10) => json!({"type": "string", "contentEncoding": "base64"}),
            Kind::Text => format(&mut self.rng, "string", STRING_FORMATS),
            Kind::Integer => format(&mut self.rng, "integer", INTEGER_FORMATS),
            Kind::Number => format(&mut self.rng, "number", NUMBER_FORMATS),
            Kind::Boolean => json!({"type": "boolean"}),
            Kind::Any => [json!({}), json!({"type": "object"})][self.rng.below(2)].clone(),
            Kind::Enum if self.rng.chance(50) => reference("Status"),
            Kind::Enum => self.enum_schema(),
            Kind::Array if depth < MAX_DEPTH => {
                let items = self.schema(depth + 1);
                json!({"type": "array", "items": self.maybe_nullable(40, items)})
            }
            Kind::Object if depth < MAX_DEPTH => self.object(4, depth + 1, &[]),
            Kind::Union if depth < MAX_DEPTH => self.union(depth + 1, &mut Vec::new()),
            Kind::Ref | Kind::Array | Kind::Object | Kind::Union => self.any_ref(),
        }
    }

    /// A `oneOf` or `anyOf` of 2-3 members of different kinds (`used` holds the kinds an
    /// enclosing union took, so that a union of unions keeps its members apart too); an
    /// `anyOf` may repeat a kind or have a nullable member.
    fn union(&mut self, depth: u32, used: &mut Vec<Kind>) -> Value {
        let keyword = self.rng.pick(&["oneOf", "anyOf"]);
        let overlap = keyword == "anyOf" && self.rng.chance(50);
        let mut members = Vec::new();
        for _ in 0..self.rng.between(2, 3) {
            let free: Vec<Kind> =
                KINDS.iter().copied().filter(|k| overlap || !used.iter().any(|u| clashes(*k, *u))).collect();
            if free.is_empty() {
                break;
            }
            let kind = self.rng.pick(&free);
            used.push(kind);
            let member = match kind {
                Kind::Union if depth < MAX_DEPTH => self.union(depth + 1, used),
                // Inline objects get a required member of their own, refs point at objects.
                Kind::Object if depth < MAX_DEPTH => {
                    let mut object = self.object(3, depth + 1, &[]);
                    let own = format!("variant{depth}{}", members.len());
                    object["properties"][own.as_str()] = self.schema(MAX_DEPTH);
                    push_required(&mut object, &own);
                    object
                }
                Kind::Ref | Kind::Object | Kind::Union => {
                    let names: Vec<&str> = self.objects.iter().map(String::as_str).chain(["Pet"]).collect();
                    reference(self.rng.pick(&names))
                }
                kind => self.of_kind(kind, depth),
            };
            members.push(if overlap { self.maybe_nullable(20, member) } else { member });
        }
        if members.len() < 2 {
            members.push(json!({"type": "boolean"}));
        }
        json!({ keyword: members })
    }

    /// An object of 1 to `most` random members (names from [`NAMES`], not in `reserved`),
    /// each required or optional, nullable or not, nesting from `depth` on.
    fn object(&mut self, most: usize, depth: u32, reserved: &[&str]) -> Value {
        let taken: Vec<String> = reserved.iter().map(|s| s.to_string()).collect();
        self.object_avoiding(most, &taken, Some(depth))
    }

    /// An object of 1 to `most` members whose names are not in `taken` (none when all are).
    /// With a `depth`, members nest (all in a component, most deeper down), else all are
    /// primitives or enums.
    fn object_avoiding(&mut self, most: usize, taken: &[String], depth: Option<u32>) -> Value {
        let mut names: Vec<&str> = Vec::new();
        for _ in 0..self.rng.between(1, most) {
            let group: Vec<&str> = self.rng.pick(NAMES).split(' ').collect();
            let group = if self.rng.chance(40) { group } else { vec![self.rng.pick(&group)] };
            for name in group.into_iter().filter(|name| !taken.iter().any(|t| t == name)) {
                push_new(&mut names, name);
            }
        }
        let (mut properties, mut required) = (Map::new(), Vec::new());
        for name in names {
            let schema = match depth {
                Some(depth) if depth == 0 || self.rng.chance(60) => self.schema(depth.max(1)),
                _ => {
                    let kind = self.rng.pick(&[Kind::Text, Kind::Integer, Kind::Number, Kind::Boolean, Kind::Enum]);
                    self.of_kind(kind, MAX_DEPTH)
                }
            };
            // Required, optional, required and nullable, optional and nullable.
            if self.rng.chance(50) {
                required.push(name);
            }
            properties.insert(name.to_string(), self.maybe_nullable(50, schema));
        }
        let mut object = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            object["required"] = json!(required);
        }
        object
    }

    /// `allOf` of a `$ref` to an object component and inline members it does not have;
    /// sometimes that `allOf` inside another one.
    fn all_of(&mut self, target: &str, depth: u32) -> Value {
        let taken = property_names(&self.schemas, &reference(target));
        let inline = self.object_avoiding(3, &taken, None);
        let mut schema = json!({"allOf": [reference(target), inline]});
        if depth < MAX_DEPTH && self.rng.chance(30) {
            let mut taken = taken;
            taken.extend(property_names(&self.schemas, &schema));
            let outer = self.object_avoiding(1, &taken, None);
            schema = json!({"allOf": [schema, outer]});
        }
        schema
    }

    /// A map: `additionalProperties` of a schema (a union sometimes), values maybe nullable;
    /// sometimes beside properties.
    fn map(&mut self, depth: u32) -> Value {
        let values = if self.rng.chance(40) { self.union(depth, &mut Vec::new()) } else { self.schema(depth) };
        let mut map = if self.rng.chance(30) { self.object_avoiding(2, &[], None) } else { json!({"type": "object"}) };
        map["additionalProperties"] = self.maybe_nullable(40, values);
        map
    }

    fn maybe_nullable(&mut self, percent: u64, schema: Value) -> Value {
        match self.rng.chance(percent) {
            true => self.nullable(schema),
            false => schema,
        }
    }

    /// `schema` or `null`: `nullable: true` in 3.0 (beside an `allOf`/`oneOf` of a `$ref`);
    /// in 3.1 a type list, a `{type: 'null'}` member of the union, or a union with one.
    fn nullable(&mut self, mut schema: Value) -> Value {
        if !self.v31 {
            if schema.get("$ref").is_some() {
                schema = json!({ self.rng.pick(&["allOf", "oneOf", "anyOf"]): [schema] });
            }
            schema["nullable"] = json!(true);
            return schema;
        }
        let single_type = schema.get("type").and_then(Value::as_str).map(str::to_string);
        let union = ["oneOf", "anyOf"].into_iter().find(|k| schema.get(*k).is_some());
        match (single_type, union) {
            (Some(ty), _) if self.rng.chance(50) => {
                schema["type"] = json!([ty, "null"]);
                if let Some(Value::Array(values)) = schema.get_mut("enum") {
                    values.push(Value::Null);
                }
                schema
            }
            (_, Some(keyword)) if schema.get("discriminator").is_none() && self.rng.chance(50) => {
                schema[keyword].as_array_mut().expect("members").push(json!({"type": "null"}));
                schema
            }
            // `{}` takes null too: only an `anyOf` may hold both.
            _ if schema.as_object().is_some_and(Map::is_empty) => json!({"anyOf": [schema, {"type": "null"}]}),
            _ => json!({ self.rng.pick(&["anyOf", "oneOf"]): [schema, {"type": "null"}] }),
        }
    }

    /// One operation: its path, method and operation object.
    fn operation(&mut self, k: usize) -> (String, &'static str, Value) {
        let method = self.rng.pick(&["get", "post", "put", "patch", "delete"]);
        let mut path = format!("/things{k}");
        let mut parameters = Vec::new();
        for name in ["thingId", "sub_id"].iter().take(self.rng.below(3)) {
            path.push_str(&format!("/{{{name}}}"));
            let kind = self.rng.pick(&[Kind::Text, Kind::Integer, Kind::Enum]);
            let schema = self.of_kind(kind, MAX_DEPTH);
            parameters.push(json!({"name": name, "in": "path", "required": true, "schema": schema}));
        }
        let query = ["fooBar", "foo_bar", "limit", "tags", "type", "status", "since"];
        for _ in 0..self.rng.below(4) {
            let name = self.rng.pick(&query);
            if parameters.iter().any(|p| p["name"] == name) {
                continue;
            }
            let kind = self.rng.pick(&[Kind::Text, Kind::Integer, Kind::Enum, Kind::Boolean]);
            let item = self.of_kind(kind, MAX_DEPTH);
            let mut parameter = json!({"name": name, "in": "query", "required": self.rng.chance(30)});
            if self.rng.chance(40) {
                parameter["schema"] = json!({"type": "array", "items": item});
                parameter["explode"] = json!(self.rng.chance(50));
            } else {
                parameter["schema"] = item;
            }
            parameters.push(parameter);
        }
        if self.rng.chance(50) {
            let kind = self.rng.pick(&[Kind::Text, Kind::Integer]);
            let schema = self.of_kind(kind, MAX_DEPTH);
            parameters.push(
                json!({"name": "X-Request-Id", "in": "header", "required": self.rng.chance(50), "schema": schema}),
            );
        }
        if self.rng.chance(30) {
            parameters.push(json!({"name": "session", "in": "cookie", "schema": {"type": "string"}}));
        }
        let id = self.rng.pick(&["doThing", "do_thing", "DoThing"]);
        let mut operation = json!({"operationId": format!("{id}{k}"), "parameters": parameters, "responses": {}});
        if self.rng.chance(70) {
            operation["tags"] = json!([self.rng.pick(&["Things", "Other things"])]);
        }
        if method != "get" && self.rng.chance(75) {
            operation["requestBody"] = self.request_body();
        }
        let (status, response) = self.response();
        operation["responses"][status] = response;
        if self.rng.chance(30) {
            let error = json!({"type": "object", "properties": {"message": {"type": "string"}}});
            operation["responses"]["default"] =
                json!({"description": "Error", "content": {"application/json": {"schema": error}}});
        }
        (path, method, operation)
    }

    fn request_body(&mut self) -> Value {
        let (media, schema) = match self.rng.below(10) {
            0..=5 => ("application/json", self.body_schema()),
            6 => ("application/x-www-form-urlencoded", self.form(false)),
            7 | 8 => ("multipart/form-data", self.form(true)),
            _ if self.rng.chance(50) => ("text/plain", json!({"type": "string"})),
            _ => ("application/octet-stream", json!({"type": "string", "format": "binary"})),
        };
        json!({"required": self.rng.chance(80), "content": {media: {"schema": schema}}})
    }

    /// A JSON body: a component, a random schema, or either made nullable.
    fn body_schema(&mut self) -> Value {
        let schema = if self.rng.chance(40) { self.any_ref() } else { self.schema(0) };
        self.maybe_nullable(15, schema)
    }

    /// A form body's object (`multipart`: with file parts, optional ones among them).
    fn form(&mut self, multipart: bool) -> Value {
        let mut form = self.object_avoiding(4, &[], None);
        if self.rng.chance(40) {
            let kind = self.rng.pick(&[Kind::Text, Kind::Integer, Kind::Enum]);
            form["properties"]["tags"] = json!({"type": "array", "items": self.of_kind(kind, MAX_DEPTH)});
        }
        if multipart {
            let file = if self.v31 && self.rng.chance(50) {
                json!({"type": "string", "contentMediaType": "application/octet-stream"})
            } else {
                json!({"type": "string", "format": "binary"})
            };
            form["properties"]["file"] = file.clone();
            if self.rng.chance(50) {
                push_required(&mut form, "file");
            }
            if self.rng.chance(50) {
                form["properties"]["attachment"] = self.nullable(file.clone());
            }
            if self.rng.chance(40) {
                form["properties"]["files"] = json!({"type": "array", "items": file});
            }
        }
        form
    }

    fn response(&mut self) -> (&'static str, Value) {
        match self.rng.below(10) {
            0..=6 => {
                let schema = self.body_schema();
                let status = self.rng.pick(&["200", "200", "201"]);
                (status, json!({"description": "OK", "content": {"application/json": {"schema": schema}}}))
            }
            7 => ("204", json!({"description": "No content"})),
            8 => ("200", json!({"description": "Text", "content": {"text/plain": {"schema": {"type": "string"}}}})),
            _ => {
                let bytes = json!({"type": "string", "format": "binary"});
                ("200", json!({"description": "Bytes", "content": {"application/octet-stream": {"schema": bytes}}}))
            }
        }
    }
}

fn push_new<'a>(list: &mut Vec<&'a str>, item: &'a str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn push_required(object: &mut Value, name: &str) {
    let required = object.as_object_mut().expect("an object").entry("required").or_insert_with(|| json!([]));
    if !required.as_array().expect("a list").iter().any(|r| r == name) {
        required.as_array_mut().expect("a list").push(json!(name));
    }
}

/// The property names of an object schema, through `allOf`s and `$ref`s into `schemas`.
fn property_names(schemas: &Map<String, Value>, schema: &Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
        if let Some(target) = schemas.get(name) {
            names.extend(property_names(schemas, target));
        }
    }
    names.extend(schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.keys().cloned()));
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        names.extend(property_names(schemas, member));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_document() {
        assert_eq!(document(7), document(7));
        assert_ne!(document(7), document(8));
        assert_eq!(document(4)["openapi"], "3.0.3");
        assert_eq!(document(5)["openapi"], "3.1.0");
    }

    /// Every document is one the generator accepts (no compiling: the crate is not built).
    #[test]
    fn the_generator_accepts_every_document() {
        let mut refused = String::new();
        for seed in 0..50 {
            let doc = document(seed);
            let operations: usize =
                doc["paths"].as_object().unwrap().values().map(|i| i.as_object().unwrap().len()).sum();
            assert!((3..=8).contains(&operations), "seed {seed}: {operations} operations");
            if let Err(error) = generator::generate(&doc, &generator::Config::default()) {
                refused
                    .push_str(&format!("seed {seed}: {}\n", error.to_string().chars().take(400).collect::<String>()));
            }
        }
        assert!(refused.is_empty(), "{refused}");
    }
}
