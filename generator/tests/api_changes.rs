//! The API change report on crafted before/after spec pairs: each kind of change is found
//! and classified as breaking or not for a caller, and the suggested version follows.

use generator::api_diff::{diff, render_markdown, ApiChanges, BumpLevel, ChangeKind};
use generator::Config;
use serde_json::{json, Value};

const CONTEXT: generator::api_diff::ReportContext = generator::api_diff::ReportContext {
    regenerate: "cargo xtask codegen",
    merged_spec: "specs/merged/openapi.json",
    settings: "specs/codegen.toml",
};

/// Widgets: list (with an optional `limit`), create (a `WidgetInput` body), get by id.
/// `Widget` is only received; `WidgetInput` is sent; `Color` is a string enum and `Shape`
/// a union of `Circle` and `Square`.
fn before() -> Value {
    let widget = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}});
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Widgets", "version": "1"},
        "paths": {
            "/widgets": {
                "get": {
                    "tags": ["Widgets"],
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "array", "items": {"$ref": "#/components/schemas/Widget"}
                    }}}}}
                },
                "post": {
                    "tags": ["Widgets"],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/WidgetInput"
                    }}}},
                    "responses": {"201": {"description": "created", "content": widget}}
                }
            },
            "/widgets/{id}": {
                "get": {
                    "tags": ["Widgets"],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": widget}}
                }
            }
        },
        "components": {"schemas": {
            "Widget": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "size": {"type": "integer"},
                "color": {"$ref": "#/components/schemas/Color"},
                "shape": {"$ref": "#/components/schemas/Shape"}
            }},
            "WidgetInput": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "note": {"type": "string"}
            }},
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]},
            "Circle": {"type": "object", "properties": {"r": {"type": "number"}}},
            "Square": {"type": "object", "properties": {"side": {"type": "number"}}}
        }}
    })
}

fn changes_after(edit: impl FnOnce(&mut Value)) -> ApiChanges {
    let old = before();
    let mut new = before();
    edit(&mut new);
    let resolve = |document: &Value| generator::resolve::resolve(document, &Config::default()).unwrap().api;
    diff(&resolve(&old), &resolve(&new))
}

/// The changes as (kind, breaking, text) for comparing.
fn listed(changes: &ApiChanges) -> Vec<(ChangeKind, bool, String)> {
    changes.changes.iter().map(|c| (c.kind, c.breaking, c.to_string())).collect()
}

fn at<'a>(document: &'a mut Value, pointer: &str) -> &'a mut Value {
    document.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}"))
}

fn schema<'a>(document: &'a mut Value, name: &str) -> &'a mut Value {
    at(document, &format!("/components/schemas/{name}"))
}

const BREAKING: bool = true;
const COMPATIBLE: bool = false;
use ChangeKind::{Added, Changed, Removed};

#[test]
fn the_same_spec_has_no_changes_and_needs_no_bump() {
    let changes = changes_after(|_| {});
    assert!(changes.is_empty(), "{:?}", listed(&changes));
    assert_eq!(changes.suggested_bump("0.3.0").level, BumpLevel::None);
    assert!(
        render_markdown(&changes, "widgets", "0.3.0", CONTEXT).contains("No API changes since the last generation.")
    );
}

#[test]
fn removed_and_added_operations() {
    let removed = changes_after(|d| {
        at(d, "/paths/~1widgets~1{id}").as_object_mut().unwrap().remove("get");
    });
    assert_eq!(listed(&removed), [(Removed, BREAKING, "Removed method `Widgets::get`: `GET /widgets/{id}`".into())]);

    let added = changes_after(|d| {
        let get = at(d, "/paths/~1widgets~1{id}/get").clone();
        let delete = json!({"tags": ["Widgets"], "parameters": get["parameters"], "responses": {"204": {"description": "gone"}}});
        at(d, "/paths/~1widgets~1{id}").as_object_mut().unwrap().insert("delete".into(), delete);
    });
    assert_eq!(listed(&added), [(Added, COMPATIBLE, "Added method `Widgets::delete`: `DELETE /widgets/{id}`".into())]);
}

#[test]
fn a_new_tag_is_a_new_group_and_its_types_are_new() {
    let changes = changes_after(|d| {
        let ping = json!({"get": {"tags": ["Health"], "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"title": "Health Status", "type": "object", "properties": {"up": {"type": "boolean"}}}}
        }}}}});
        at(d, "/paths").as_object_mut().unwrap().insert("/health".into(), ping);
    });
    assert_eq!(
        listed(&changes),
        [
            (Added, COMPATIBLE, "Added group `Client::health()` (`Health`): the `Health` operations".into()),
            (Added, COMPATIBLE, "Added method `Health::get`: `GET /health`".into()),
            (Added, COMPATIBLE, "Added struct `HealthStatus`".into()),
        ]
    );
}

#[test]
fn fields_removed_added_and_retyped() {
    let removed = changes_after(|d| {
        schema(d, "Widget")["properties"].as_object_mut().unwrap().remove("size");
    });
    assert_eq!(listed(&removed), [(Removed, BREAKING, "Removed field `Widget::size`".into())]);

    let optional_added = changes_after(|d| {
        schema(d, "Widget")["properties"]["weight"] = json!({"type": "number"});
        schema(d, "WidgetInput")["properties"]["tags"] = json!({"type": "array", "items": {"type": "string"}});
    });
    assert_eq!(
        listed(&optional_added),
        [
            (Added, COMPATIBLE, "Added field `Widget::weight`: `Option<f64>`".into()),
            (Added, COMPATIBLE, "Added field `WidgetInput::tags`: `Option<Vec<String>>`".into()),
        ]
    );

    // Required: a new argument of `new`, which builds received types (in users' tests and
    // mocks) as well as sent ones.
    let required_added = changes_after(|d| {
        schema(d, "Widget")["properties"]["owner"] = json!({"type": "string"});
        schema(d, "Widget")["required"] = json!(["id", "owner"]);
        schema(d, "WidgetInput")["properties"]["owner"] = json!({"type": "string"});
        schema(d, "WidgetInput")["required"] = json!(["name", "owner"]);
    });
    assert_eq!(
        listed(&required_added),
        [
            (Added, BREAKING, "Added field `Widget::owner`: `String`, a new argument of `Widget::new`".into()),
            (
                Added,
                BREAKING,
                "Added field `WidgetInput::owner`: `String`, a new argument of `WidgetInput::new`".into()
            ),
        ]
    );

    let retyped = changes_after(|d| schema(d, "Widget")["properties"]["size"] = json!({"type": "string"}));
    assert_eq!(
        listed(&retyped),
        [(Changed, BREAKING, "Changed field `Widget::size`: `Option<i64>` → `Option<String>` (another type)".into())]
    );
}

/// The Rust forms a type takes from the types around it are part of its API: a member that
/// becomes recursive is boxed, and a struct whose new required member has no default loses
/// `Default`.
#[test]
fn boxing_and_default_changes_are_reported() {
    let recursive = changes_after(|d| {
        schema(d, "Circle")["properties"]["inner"] = json!({"$ref": "#/components/schemas/Widget"});
    });
    let found = listed(&recursive);
    assert!(
        found.contains(&(
            Changed,
            BREAKING,
            "Changed field `Widget::shape`: `Option<Shape>` → `Option<Box<Shape>>` (boxed: it now leads back to \
             its own type)"
                .into()
        )),
        "{found:?}"
    );

    let no_default = changes_after(|d| {
        schema(d, "Widget")["properties"]["created"] = json!({"type": "string", "format": "date-time"});
        schema(d, "Widget")["required"] = json!(["id", "created"]);
    });
    assert_eq!(
        listed(&no_default),
        [
            (
                Changed,
                BREAKING,
                "Changed type `Widget`: no longer implements `Default` (a new required member has no default)".into()
            ),
            (
                Added,
                BREAKING,
                "Added field `Widget::created`: `chrono::DateTime<chrono::Utc>`, a new argument of `Widget::new`"
                    .into()
            ),
        ]
    );
}

#[test]
fn an_optional_request_field_that_became_required_is_breaking() {
    let changes = changes_after(|d| schema(d, "WidgetInput")["required"] = json!(["name", "note"]));
    assert_eq!(
        listed(&changes),
        [(
            Changed,
            BREAKING,
            "Changed field `WidgetInput::note`: `Option<String>` → `String` (became required)".into()
        )]
    );
}

#[test]
fn parameters_added_removed_and_retyped() {
    let query = |d: &mut Value| at(d, "/paths/~1widgets/get/parameters").as_array_mut().unwrap().clone();
    let required = changes_after(|d| {
        let mut parameters = query(d);
        parameters.push(json!({"name": "owner", "in": "query", "required": true, "schema": {"type": "string"}}));
        *at(d, "/paths/~1widgets/get/parameters") = json!(parameters);
    });
    assert_eq!(
        listed(&required),
        [(Changed, BREAKING, "Changed method `Widgets::list`: new required parameter `owner: String`".into())]
    );

    let optional = changes_after(|d| {
        let mut parameters = query(d);
        parameters.push(json!({"name": "sort", "in": "query", "schema": {"type": "string"}}));
        *at(d, "/paths/~1widgets/get/parameters") = json!(parameters);
    });
    assert_eq!(
        listed(&optional),
        [(Changed, COMPATIBLE, "Changed method `Widgets::list`: new optional parameter `sort` (a setter)".into())]
    );

    let removed = changes_after(|d| *at(d, "/paths/~1widgets/get/parameters") = json!([]));
    assert_eq!(
        listed(&removed),
        [(Changed, BREAKING, "Changed method `Widgets::list`: parameter `limit` removed".into())]
    );

    let retyped = changes_after(|d| *at(d, "/paths/~1widgets/get/parameters/0/schema") = json!({"type": "string"}));
    assert_eq!(
        listed(&retyped),
        [(Changed, BREAKING, "Changed method `Widgets::list`: parameter `limit`: `i64` → `String`".into())]
    );

    let now_required = changes_after(|d| at(d, "/paths/~1widgets/get/parameters/0")["required"] = json!(true));
    assert_eq!(
        listed(&now_required),
        [(
            Changed,
            BREAKING,
            "Changed method `Widgets::list`: parameter `limit` became required (an argument, was a setter)".into()
        )]
    );
}

#[test]
fn return_and_body_types() {
    let returns = changes_after(|d| {
        *at(d, "/paths/~1widgets~1{id}/get/responses/200/content/application~1json/schema") =
            json!({"$ref": "#/components/schemas/WidgetInput"});
    });
    assert_eq!(
        listed(&returns),
        [(Changed, BREAKING, "Changed method `Widgets::get`: returns `WidgetInput` (was `Widget`)".into())]
    );

    let body = changes_after(|d| {
        *at(d, "/paths/~1widgets/post/requestBody/content/application~1json/schema") =
            json!({"$ref": "#/components/schemas/Widget"});
    });
    assert!(
        listed(&body).contains(&(
            Changed,
            BREAKING,
            "Changed method `Widgets::create`: request body: `&WidgetInput` → `&Widget`".into()
        )),
        "{:?}",
        listed(&body)
    );

    // Another status code with the same body keeps every Rust type: nothing to report.
    let status = changes_after(|d| {
        let created = at(d, "/paths/~1widgets/post/responses").as_object_mut().unwrap().remove("201").unwrap();
        at(d, "/paths/~1widgets/post/responses").as_object_mut().unwrap().insert("200".into(), created);
    });
    assert!(status.is_empty(), "{:?}", listed(&status));

    // A second success response with another body: the method returns the model's enum of
    // statuses, named as the generated crate names it.
    let by_status = changes_after(|d| {
        at(d, "/paths/~1widgets/post/responses")
            .as_object_mut()
            .unwrap()
            .insert("204".into(), json!({"description": "nothing new"}));
    });
    assert_eq!(
        listed(&by_status),
        [(
            Changed,
            BREAKING,
            "Changed method `Widgets::create`: returns `CreateResponse { Created(Widget), NoContent }` (was `Widget`)"
                .into()
        )]
    );
}

#[test]
fn enum_values_and_union_variants() {
    let added = changes_after(|d| {
        schema(d, "Color")["enum"] = json!(["red", "green", "blue"]);
    });
    assert!(listed(&added).contains(&(Added, COMPATIBLE, "Added enum value `Color::Blue`: `\"blue\"`".into())));

    let removed = changes_after(|d| schema(d, "Color")["enum"] = json!(["red"]));
    assert_eq!(listed(&removed), [(Removed, BREAKING, "Removed enum value `Color::Green`: `\"green\"`".into())]);

    let variant_added = changes_after(|d| {
        at(d, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .insert("Triangle".into(), json!({"type": "object", "properties": {"base": {"type": "number"}}}));
        schema(d, "Shape")["oneOf"].as_array_mut().unwrap().push(json!({"$ref": "#/components/schemas/Triangle"}));
    });
    assert_eq!(
        listed(&variant_added),
        [
            (Added, COMPATIBLE, "Added union variant `Shape::Triangle`: `Triangle`".into()),
            (Added, COMPATIBLE, "Added struct `Triangle`".into()),
        ]
    );

    let variant_removed = changes_after(|d| {
        schema(d, "Shape")["oneOf"] = json!([{"$ref": "#/components/schemas/Circle"}]);
        at(d, "/components/schemas").as_object_mut().unwrap().remove("Square");
    });
    assert_eq!(
        listed(&variant_removed),
        [
            (Removed, BREAKING, "Removed union variant `Shape::Square`".into()),
            (Removed, BREAKING, "Removed struct `Square`".into()),
        ]
    );
}

#[test]
fn new_and_removed_types() {
    let added = changes_after(|d| {
        at(d, "/components/schemas")
            .as_object_mut()
            .unwrap()
            .insert("Gadget".into(), json!({"type": "object", "properties": {"id": {"type": "string"}}}));
    });
    assert_eq!(listed(&added), [(Added, COMPATIBLE, "Added struct `Gadget`".into())]);

    let kind = changes_after(|d| schema(d, "Circle").clone_from(&json!({"type": "string", "enum": ["round"]})));
    assert!(listed(&kind).contains(&(Changed, BREAKING, "Changed type `Circle`: was struct, is enum".into())));
}

/// What the report says, as a reviewer sees it, and the suggested versions before and
/// after 1.0.
#[test]
fn the_report_lists_breaking_changes_first_and_suggests_a_version() {
    let changes = changes_after(|d| {
        schema(d, "Color")["enum"] = json!(["red", "green", "blue"]);
        schema(d, "WidgetInput")["required"] = json!(["name", "note"]);
        at(d, "/paths/~1widgets~1{id}").as_object_mut().unwrap().remove("get");
    });
    let report = render_markdown(&changes, "widgets-client", "0.4.2", CONTEXT);
    assert!(report.contains("**Suggested version: `0.5.0`** (minor bump from `0.4.2`: breaking changes, before 1.0)"));
    let breaking = report.find("## Breaking (2)").unwrap();
    let compatible = report.find("## Not breaking (1)").unwrap();
    assert!(breaking < compatible, "{report}");
    assert_eq!(changes.suggested_bump("1.4.2").to.as_deref(), Some("2.0.0"));

    let additions = changes_after(|d| schema(d, "Color")["enum"] = json!(["red", "green", "blue"]));
    assert_eq!(additions.suggested_bump("0.4.2").to.as_deref(), Some("0.4.3"));
    assert_eq!(additions.suggested_bump("1.4.2").to.as_deref(), Some("1.5.0"));
    insta::assert_snapshot!(report);
}
