//! `cargo xtask compat`: the API change report, judged by the compiler.
//!
//! A table of spec changes, each applied alone to `xtask/compat/base.yaml`: the additions
//! specs make every day (an optional member, an enum value, a union variant, an optional
//! parameter, an operation, a tag, a success status) and every kind of change the report
//! calls breaking. For each, the client is generated before and after, and
//! `xtask/compat/user_program.rs` (written against the *before* client: it builds request
//! and response types, matches every enum and union, calls every method with its setters and
//! reads fields) is compiled against the *after* client. It must compile exactly when the
//! report (`generator::api_diff`) says "not breaking", and the table says which to expect,
//! so a change the user program does not exercise fails too.
//!
//! The projects live in `target/compat/` (`client/` regenerated per change, `user/`), built
//! in `target/compat-target/`.

use std::path::Path;
use std::process::Command;

use generator::Config;
use serde_json::{json, Value};

use crate::check_project;

/// One row of the table: a spec change, whether a user's code should still compile, and how
/// to make it.
pub(crate) struct SpecChange {
    pub(crate) name: &'static str,
    breaking: bool,
    pub(crate) apply: fn(&mut Value),
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

fn operation<'a>(spec: &'a mut Value, path: &str, method: &str) -> &'a mut Value {
    &mut spec["paths"][path][method]
}

fn add_property(spec: &mut Value, type_name: &str, property: &str, property_schema: Value) {
    let properties = schema(spec, type_name)["properties"].as_object_mut().expect("properties");
    properties.insert(property.into(), property_schema);
}

fn push(value: &mut Value, item: Value) {
    value.as_array_mut().expect("an array").push(item);
}

pub(crate) const CHANGES: &[SpecChange] = &[
    // What specs add: a user's code keeps compiling.
    SpecChange {
        name: "optional member of a request type",
        breaking: false,
        apply: |s| add_property(s, "WidgetCreate", "tags", json!({"type": "array", "items": {"type": "string"}})),
    },
    SpecChange {
        name: "optional member of a response type",
        breaking: false,
        apply: |s| add_property(s, "Widget", "created", json!({"type": "string", "format": "date-time"})),
    },
    SpecChange {
        name: "required nullable member of a response type",
        breaking: false,
        apply: |s| {
            add_property(s, "Widget", "owner", json!({"type": "string", "nullable": true}));
            push(&mut schema(s, "Widget")["required"], json!("owner"));
        },
    },
    SpecChange { name: "enum value", breaking: false, apply: |s| push(&mut schema(s, "Color")["enum"], json!("blue")) },
    SpecChange {
        name: "union variant",
        breaking: false,
        apply: |s| {
            s["components"]["schemas"]["Triangle"] =
                json!({"type": "object", "required": ["base"], "properties": {"base": {"type": "number"}}});
            push(&mut schema(s, "Shape")["oneOf"], json!({"$ref": "#/components/schemas/Triangle"}));
        },
    },
    SpecChange {
        name: "optional parameter",
        breaking: false,
        apply: |s| {
            let parameter = json!({"name": "cursor", "in": "query", "schema": {"type": "string"}});
            push(&mut operation(s, "/widgets", "get")["parameters"], parameter);
        },
    },
    SpecChange {
        name: "operation",
        breaking: false,
        apply: |s| {
            s["paths"]["/widgets/{id}"]["delete"] = json!({
                "tags": ["Widgets"], "operationId": "deleteWidget", "summary": "Delete a widget",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "Deleted"}}
            });
        },
    },
    SpecChange {
        name: "tag",
        breaking: false,
        apply: |s| {
            s["paths"]["/gadgets"] = json!({"get": {
                "tags": ["Gadgets"], "operationId": "listGadgets", "summary": "List gadgets",
                "responses": {"200": {"description": "The gadgets", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"type": "string"}}}}}}
            }});
        },
    },
    SpecChange {
        name: "success status",
        breaking: false,
        apply: |s| {
            operation(s, "/widgets", "post")["responses"]["200"] = json!({"description": "Already there",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}}});
        },
    },
    SpecChange {
        name: "deprecation and documentation",
        breaking: false,
        apply: |s| {
            operation(s, "/widgets", "get")["summary"] = json!("List every widget");
            operation(s, "/widgets", "get")["deprecated"] = json!(true);
            schema(s, "Widget")["description"] = json!("A widget, as stored");
        },
    },
    // What the report calls breaking: a user's code stops compiling.
    SpecChange {
        name: "required member of a request type",
        breaking: true,
        apply: |s| {
            add_property(s, "WidgetCreate", "weight", json!({"type": "integer"}));
            push(&mut schema(s, "WidgetCreate")["required"], json!("weight"));
        },
    },
    SpecChange {
        name: "required member of a response type",
        breaking: true,
        apply: |s| {
            add_property(s, "Widget", "version", json!({"type": "integer"}));
            push(&mut schema(s, "Widget")["required"], json!("version"));
        },
    },
    SpecChange {
        name: "removed member",
        breaking: true,
        apply: |s| {
            schema(s, "Widget")["properties"].as_object_mut().expect("properties").remove("note");
        },
    },
    SpecChange {
        name: "member of another type",
        breaking: true,
        apply: |s| schema(s, "Widget")["properties"]["note"] = json!({"type": "integer"}),
    },
    SpecChange {
        name: "optional member became required",
        breaking: true,
        apply: |s| push(&mut schema(s, "WidgetCreate")["required"], json!("note")),
    },
    SpecChange {
        name: "required members in another order",
        breaking: true,
        apply: |s| {
            let properties = schema(s, "WidgetCreate")["properties"].as_object_mut().expect("properties");
            let name = properties.remove("name").expect("name");
            properties.insert("name".into(), name);
        },
    },
    SpecChange { name: "removed enum value", breaking: true, apply: |s| schema(s, "Color")["enum"] = json!(["red"]) },
    SpecChange {
        name: "removed union variant",
        breaking: true,
        apply: |s| schema(s, "Shape")["oneOf"] = json!([{"$ref": "#/components/schemas/Circle"}]),
    },
    SpecChange {
        name: "new required parameter",
        breaking: true,
        apply: |s| {
            let parameter = json!({"name": "owner", "in": "query", "required": true, "schema": {"type": "string"}});
            push(&mut operation(s, "/widgets", "get")["parameters"], parameter);
        },
    },
    SpecChange {
        name: "optional parameter became required",
        breaking: true,
        apply: |s| operation(s, "/widgets", "get")["parameters"][0]["required"] = json!(true),
    },
    SpecChange {
        name: "parameter of another type",
        breaking: true,
        apply: |s| operation(s, "/widgets", "get")["parameters"][0]["schema"] = json!({"type": "string"}),
    },
    SpecChange {
        name: "request body of another type",
        breaking: true,
        apply: |s| {
            operation(s, "/widgets", "post")["requestBody"]["content"]["application/json"]["schema"] =
                json!({"$ref": "#/components/schemas/Job"});
        },
    },
    SpecChange {
        name: "type of another kind",
        breaking: true,
        apply: |s| {
            *schema(s, "Color") = json!({"type": "object", "properties": {"rgb": {"type": "string"}}});
        },
    },
    SpecChange {
        name: "removed tag",
        breaking: true,
        apply: |s| {
            for path in ["/widgets", "/widgets/{id}"] {
                for method in ["get", "post"] {
                    if let Some(tags) = s["paths"][path][method].get_mut("tags") {
                        *tags = json!(["Parts"]);
                    }
                }
            }
        },
    },
    SpecChange {
        name: "removed operation",
        breaking: true,
        apply: |s| {
            s["paths"]["/widgets/{id}"].as_object_mut().expect("a path").remove("get");
        },
    },
    SpecChange {
        name: "another return type",
        breaking: true,
        apply: |s| {
            operation(s, "/widgets/{id}", "get")["responses"]["200"]["content"]["application/json"]["schema"] =
                json!({"$ref": "#/components/schemas/Job"});
        },
    },
    SpecChange {
        name: "removed success status",
        breaking: true,
        apply: |s| {
            operation(s, "/widgets", "post")["responses"].as_object_mut().expect("responses").remove("202");
        },
    },
];

/// `xtask/compat/base.yaml`, the spec every change of the table starts from.
pub(crate) fn base_spec(root: &Path) -> Result<Value, String> {
    let base_path = root.join("xtask/compat/base.yaml");
    let text = std::fs::read_to_string(&base_path).map_err(|e| format!("{}: {e}", base_path.display()))?;
    let mut fragments = generator::load::parse_file("xtask/compat/base.yaml", &text).map_err(|e| e.to_string())?;
    Ok(fragments.remove(0).document)
}

pub fn run(root: &Path) -> Result<(), String> {
    let base = base_spec(root)?;
    let user_program = std::fs::read_to_string(root.join("xtask/compat/user_program.rs")).map_err(|e| e.to_string())?;
    let work = root.join("target/compat");
    let client_dir = work.join("client");
    let user_dir = work.join("user");
    let manifest = "# Written by `cargo xtask compat`.\n[package]\nname = \"compat-user\"\nversion = \"0.0.0\"\n\
                    edition = \"2021\"\npublish = false\n\n[dependencies]\ncompat-client = { path = \"../client\" }\n\
                    \n[workspace]\n";
    check_project::write(root, &user_dir, manifest, &user_program)?;
    let mut config = Config::default();
    config.krate.name = "compat-client".into();

    let before = generator::generate(&base, &config).map_err(|e| e.to_string())?;
    generator::write_crate(&client_dir, &before).map_err(|e| e.to_string())?;
    if let Err(errors) = check(root, &user_dir) {
        return Err(format!("the user program does not compile against the base client:\n{errors}"));
    }

    let mut disagreements = Vec::new();
    println!("{:<46} {:<10} {:<10} compiles", "spec change", "expected", "report");
    for change in CHANGES {
        let mut spec = base.clone();
        (change.apply)(&mut spec);
        let after = generator::generate(&spec, &config).map_err(|e| format!("{}: {e}", change.name))?;
        let report = generator::api_diff::diff(&before.api, &after.api);
        generator::write_crate(&client_dir, &after).map_err(|e| e.to_string())?;
        let compiled = check(root, &user_dir);
        let report_breaking = report.breaking().next().is_some();
        let word = |breaking: bool| if breaking { "breaking" } else { "additive" };
        println!(
            "{:<46} {:<10} {:<10} {}",
            change.name,
            word(change.breaking),
            if report.is_empty() { "no change" } else { word(report_breaking) },
            if compiled.is_ok() { "yes" } else { "no" }
        );
        let listed: Vec<String> = report.changes.iter().map(|c| format!("    {c}")).collect();
        if report.is_empty() {
            disagreements.push(format!("{}: the report lists no change", change.name));
        } else if report_breaking != change.breaking || compiled.is_ok() == report_breaking {
            let errors = compiled.err().unwrap_or_default();
            disagreements.push(format!(
                "{}: the report says\n{}\n  compiler:\n{errors}",
                change.name,
                listed.join("\n")
            ));
        }
    }
    generator::write_crate(&client_dir, &before).map_err(|e| e.to_string())?;
    if disagreements.is_empty() {
        println!("compat: {} spec changes; the report, the table and the compiler agree on each", CHANGES.len());
        Ok(())
    } else {
        Err(format!("compat: the report and the compiler disagree:\n{}", disagreements.join("\n")))
    }
}

/// `cargo check` of the user program: `Err` with the compiler's errors when it fails.
fn check(root: &Path, user_dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(user_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/compat-target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let errors: Vec<String> = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains("error"))
        .take(6)
        .map(|l| format!("    {l}"))
        .collect();
    Err(errors.join("\n"))
}
