//! Property test: no input makes the generator panic. Real specs (the fixtures and the
//! Netography pages) are mutated at random (nodes deleted, replaced by other JSON, `$ref`s
//! pointed anywhere, types and formats swapped), and generation must either succeed with
//! output that parses as Rust, or fail with an error; never panic, never emit broken code.

use generator::{load, Config};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Cases per run (docs/testing.md records it); `FUZZ_CASES=n` runs more.
const CASES: u32 = 512;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES)
}

/// The seed documents, read once for all cases.
fn seed_specs() -> &'static [Value] {
    static SPECS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SPECS.get_or_init(read_seed_specs)
}

fn read_seed_specs() -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    let mut paths: Vec<_> =
        std::fs::read_dir(root.join("tests/fixtures")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.push(root.join("../specs/netography-api-keys.md"));
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut fragments = load::parse_file(&path.display().to_string(), &text).unwrap();
        // A one-document file stays in its own version (Swagger 2.0, OpenAPI 3.1), so the
        // mutations reach the conversions too.
        if fragments.len() == 1 {
            specs.push(fragments.remove(0).document);
        } else {
            specs.push(load::merge(&fragments).unwrap().document);
        }
    }
    specs
}

/// A small deterministic generator, so a failing case replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every JSON pointer in the document.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn replacement(rng: &mut Rng, all: &[String]) -> Value {
    let target = &all[rng.below(all.len())];
    let choices = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("*/ fn x() {} \u{0}"),
        json!([]),
        json!({}),
        json!({"type": "object", "properties": {"type": {"type": "string"}}}),
        json!({"$ref": format!("#{target}")}),
        json!({"$ref": "#/components/schemas/Missing"}),
        json!({"$ref": "other.json#/x"}),
        json!({"type": "integer", "format": "int128"}),
        json!({"type": "string", "enum": [1, "a", null]}),
        json!({"oneOf": []}),
        json!({"allOf": [{"$ref": format!("#{target}")}, {}]}),
        json!({"type": "array"}),
        json!({"in": "query", "name": "x"}),
        json!({"type": "nonsense"}),
        json!({"nullable": true, "type": "string", "format": "date-time"}),
        // OpenAPI 3.1 and Swagger 2.0 forms, wherever they land.
        json!({"type": ["string", "null"], "const": 3}),
        json!({"anyOf": [{"type": "null"}]}),
        json!({"exclusiveMinimum": 1.5, "prefixItems": [{}], "if": {}}),
        json!({"in": "body", "name": "b", "schema": {"$ref": "#/definitions/X"}}),
        json!({"in": "formData", "type": "file", "name": "f"}),
        json!({"type": "array", "collectionFormat": "tsv", "items": {"type": "file"}}),
        json!(true),
    ];
    choices[rng.below(choices.len())].clone()
}

fn mutate(mut doc: Value, seed: u64, count: usize) -> Value {
    let mut rng = Rng(seed | 1);
    for _ in 0..count {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let at = all[rng.below(all.len())].clone();
        if at.is_empty() {
            continue;
        }
        let (parent, key) = at.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let new_value = replacement(&mut rng, &all);
        let action = rng.below(3);
        match doc.pointer_mut(parent) {
            Some(Value::Object(map)) if action == 0 => {
                map.shift_remove(&key);
            }
            Some(Value::Object(map)) => {
                map.insert(key, new_value);
            }
            Some(Value::Array(items)) => {
                let index: usize = key.parse().unwrap_or(0);
                if action == 0 && index < items.len() {
                    items.remove(index);
                } else if index < items.len() {
                    items[index] = new_value;
                }
            }
            _ => {}
        }
    }
    doc
}

/// A spec whose schemas nest 10,000 levels deep (JSON and YAML): read with a clear error or
/// generated, never a stack overflow.
#[test]
fn deep_nesting_never_overflows_the_stack() {
    let depth = 10_000;
    let schema =
        format!("{}{{\"type\": \"string\"}}{}", "{\"type\": \"array\", \"items\": ".repeat(depth), "}".repeat(depth));
    let json = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
            "components": {{"schemas": {{"Deep": {schema}}}}}}}"#
    );
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("deep.json", json), ("deep.yaml", yaml)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        // A thread with a small stack, like a test thread or a tokio worker.
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || generator::generate_from_file(&path, &Config::default()).map(|g| g.types))
            .unwrap()
            .join()
            .expect("no panic, no overflow");
        if let Err(error) = result {
            assert!(error.to_string().contains("recursion limit"), "{name}: {error}");
        }
    }
}

/// What a generated crate needs beyond parsing, and a mutated spec could break: every
/// named type that a member, variant, parameter, body or return value names is defined;
/// every name is a Rust identifier; every module file is declared in `lib.rs`.
fn model_holds_together(generated: &generator::Generated) -> Result<(), String> {
    use generator::model::{ResponseBody, TypeRef};
    let api = &generated.api;
    let is_ident = |name: &str| syn::parse_str::<syn::Ident>(name).is_ok();
    let mut named: Vec<(&TypeRef, String)> = Vec::new();
    for def in api.types.values() {
        if !is_ident(&def.name) {
            return Err(format!("type name `{}` is not an identifier", def.name));
        }
        named.extend(def.held_types().map(|ty| (ty, format!("a member of {}", def.name))));
        if let generator::model::TypeKind::Struct { fields, .. } = &def.kind {
            if let Some(field) = fields.iter().find(|f| !is_ident(&f.rust_name) || !is_ident(&f.setter_name)) {
                return Err(format!("{}.{}: not an identifier", def.name, field.rust_name));
            }
        }
    }
    for group in &api.groups {
        for op in &group.operations {
            let at = format!("{}.{}", group.module, op.method_name);
            if !is_ident(&op.method_name) || op.params.iter().any(|p| !is_ident(&p.rust_name)) {
                return Err(format!("{at}: a method or argument name is not an identifier"));
            }
            named.extend(op.params.iter().map(|p| (&p.ty, format!("a parameter of {at}"))));
            named.extend(op.body.iter().map(|b| (&b.ty, format!("the body of {at}"))));
            for success in &op.success {
                if let ResponseBody::Json(ty) | ResponseBody::Events(Some(ty)) = &success.body {
                    named.push((ty, format!("the response of {at}")));
                }
            }
        }
    }
    for (ty, place) in named {
        let mut reachable = std::collections::BTreeSet::new();
        api.collect_reachable(ty, &mut reachable);
        if let Some(missing) = reachable.iter().find(|name| !api.types.contains_key(*name)) {
            return Err(format!("{place} names the undefined type `{missing}`"));
        }
    }
    let lib = generated.files.iter().find(|f| f.path == "src/lib.rs").ok_or("no src/lib.rs")?;
    for file in &generated.files {
        let Some(module) = file.path.strip_prefix("src/").and_then(|p| p.strip_suffix(".rs")) else { continue };
        if module != "lib" && !module.contains('/') && !lib.contents.contains(&format!("mod {module};")) {
            return Err(format!("{} is not declared in lib.rs", file.path));
        }
    }
    Ok(())
}

#[test]
fn the_model_check_finds_what_it_looks_for() {
    // A seed spec with a type that another type holds.
    let held = |generated: &generator::Generated| {
        generated.api.types.values().flat_map(|d| d.held_types()).find_map(|ty| {
            let mut reachable = std::collections::BTreeSet::new();
            generated.api.collect_reachable(ty, &mut reachable);
            reachable.into_iter().next()
        })
    };
    let (mut generated, name) = seed_specs()
        .iter()
        .filter_map(|doc| generator::generate(doc, &Config::default()).ok())
        .find_map(|generated| held(&generated).map(|name| (generated, name)))
        .expect("a seed spec with a type held by another");
    assert_eq!(model_holds_together(&generated), Ok(()));
    let removed = generated.api.types.remove(&name).unwrap();
    assert!(model_holds_together(&generated).unwrap_err().contains(&format!("undefined type `{name}`")));
    generated.api.types.insert(name, removed);
    generated.files.retain(|f| f.path != "src/lib.rs");
    assert_eq!(model_holds_together(&generated), Err("no src/lib.rs".to_string()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_or_emit_invalid_rust(spec in 0usize..64, seed in any::<u64>(), count in 1usize..6) {
        let specs = seed_specs();
        let doc = mutate(specs[spec % specs.len()].clone(), seed, count);
        match generator::generate(&doc, &Config::default()) {
            // Formatting already parsed every file; what parsing cannot see is checked here.
            Ok(generated) => {
                if let Err(problem) = model_holds_together(&generated) {
                    prop_assert!(false, "{}", problem);
                }
            }
            Err(error) => prop_assert!(!error.message.contains("generator bug"), "{error}"),
        }
    }
}
