//! `cargo xtask roundtrip`, the comparison: an instance against what the generated type
//! encoded after decoding it, and whether a member it dropped was one the schema types.

use serde_json::Value;

/// What differs at one place of a re-encoded instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A member of the instance (not `null`) is missing from the output.
    Dropped,
    /// The output has a member (not `null`) the instance does not.
    Added,
    /// The value differs (an array's length included).
    Changed,
}

/// One difference, at a JSON pointer into the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub pointer: String,
    pub change: Change,
}

/// Where `output` (the re-encoded value) differs from `instance`, after this normalization:
///
/// - an object member whose value is `null` equals an absent one, both ways;
/// - numbers compare as `f64`: `1` equals `1.0` (a double held in an `f32` where the schema
///   says `format: float` is set aside by the caller: [`float_rounded`]);
/// - two strings that both read as RFC 3339 date-times compare as instants:
///   `2020-01-01T00:00:00+01:00` equals `2019-12-31T23:00:00Z`; all other strings (base64 of
///   `format: byte` included) compare as they are;
/// - arrays compare item by item; a different length is one difference at the array;
/// - anything else is equal only when it is the same JSON.
pub fn differences(instance: &Value, output: &Value) -> Vec<Difference> {
    let mut found = Vec::new();
    walk(instance, output, &mut String::new(), &mut found);
    found
}

fn walk(instance: &Value, output: &Value, pointer: &mut String, found: &mut Vec<Difference>) {
    let note = |found: &mut Vec<Difference>, pointer: &str, change| {
        found.push(Difference { pointer: pointer.to_string(), change });
    };
    match (instance, output) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = push_token(pointer, key);
                match b.get(key) {
                    None if !value.is_null() => note(found, pointer, Change::Dropped),
                    None => {}
                    Some(other) => walk(value, other, pointer, found),
                }
                pointer.truncate(len);
            }
            for (key, value) in b {
                if !a.contains_key(key) && !value.is_null() {
                    let len = push_token(pointer, key);
                    note(found, pointer, Change::Added);
                    pointer.truncate(len);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let len = push_token(pointer, &index.to_string());
                walk(x, y, pointer, found);
                pointer.truncate(len);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => {}
        (a, b) if a == b => {}
        _ => note(found, pointer, Change::Changed),
    }
}

/// Appends `/token` (escaped) to `pointer`; returns the length to truncate back to.
fn push_token(pointer: &mut String, token: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    len
}

fn same_instant(a: &str, b: &str) -> bool {
    matches!((instant(a), instant(b)), (Some(x), Some(y)) if x == y)
}

/// An RFC 3339 date-time (`2020-01-01T00:00:00.5+01:00`) as seconds since 1970 and
/// nanoseconds; `None` for anything else.
fn instant(text: &str) -> Option<(i64, u32)> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|&(i, c)| b[i] != c) || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return None;
        }
        let padded = format!("{:0<9}", &fraction[..count.min(9)]);
        nanos = padded.parse().ok()?;
        rest = &fraction[count..];
    }
    let offset = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |x: u8, y: u8| {
                (x.is_ascii_digit() && y.is_ascii_digit()).then(|| i64::from(x - b'0') * 10 + i64::from(y - b'0'))
            };
            let seconds = (two(*h1, *h2)? * 60 + two(*m1, *m2)?) * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offset;
    Some((seconds, nanos))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Whether the member at `pointer` of `instance` is one the schema types: a property of the
/// schema (or of any `allOf` member, or of a `oneOf`/`anyOf` member the value there may be
/// an instance of, through `$ref`s into `document`) of the object holding it, or a member
/// of an object whose `additionalProperties` is a schema with content. A member the schema
/// leaves untyped (no such property, and `additionalProperties` absent, `true` or `{}`) is
/// one a client may drop: so is a member only an alternative the value cannot be of
/// declares, since a client holding the value as the alternative it is of rightly drops it.
pub fn typed_member(document: &Value, schema: &Value, instance: &Value, pointer: &str) -> bool {
    let tokens = pointer_tokens(pointer);
    let Some((member, path)) = tokens.split_last() else { return true };
    let Some(schemas) = schemas_at(document, schema, instance, path) else { return true };
    schemas.iter().any(|s| {
        s.get("properties").and_then(|p| p.get(member)).is_some()
            || s.get("additionalProperties").is_some_and(|extra| extra.as_object().is_some_and(has_content))
    })
}

/// Whether the number at `pointer` of `instance` became `output` by being held in an `f32`
/// where the schema says `format: float` (the generator's type for it): the declared
/// single precision, not a loss of ours. Instances are made with `f32`-exact floats, but
/// json-schema-faker fills a union member at its recursion limit with any number, which may
/// land in a float alternative.
pub fn float_rounded(document: &Value, schema: &Value, instance: &Value, output: &Value, pointer: &str) -> bool {
    let (Some(before), Some(after)) =
        (instance.pointer(pointer).and_then(Value::as_f64), output.pointer(pointer).and_then(Value::as_f64))
    else {
        return false;
    };
    // Compared in single precision: the output's digits are those of the `f32`, which
    // parsing as a double may read one unit in the last place away.
    #[allow(clippy::cast_possible_truncation)] // the rounding is what is checked
    let same_f32 = before as f32 == after as f32;
    same_f32
        && schemas_at(document, schema, instance, &pointer_tokens(pointer))
            .is_some_and(|schemas| schemas.iter().any(|s| s.get("format").and_then(Value::as_str) == Some("float")))
}

fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// The schemas the value at `path` of `instance` is of (expanded as by [`expand`]), or
/// `None` when `path` leaves the instance.
fn schemas_at<'a>(document: &'a Value, schema: &'a Value, instance: &Value, path: &[String]) -> Option<Vec<&'a Value>> {
    let mut schemas = expand(document, schema, instance);
    let mut value = instance;
    for token in path {
        let next: Vec<&Value> = match value {
            Value::Array(items) => {
                value = token.parse::<usize>().ok().and_then(|i| items.get(i))?;
                schemas.iter().filter_map(|s| s.get("items")).collect()
            }
            Value::Object(members) => {
                value = members.get(token)?;
                schemas.iter().filter_map(|s| member_schema(s, token)).collect()
            }
            _ => return None,
        };
        schemas = next.into_iter().flat_map(|s| expand(document, s, value)).collect();
    }
    Some(schemas)
}

/// The schema of member `name` of an object of schema `schema`: its property, else its
/// `additionalProperties` schema.
fn member_schema<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    schema
        .get("properties")
        .and_then(|p| p.get(name))
        .or_else(|| schema.get("additionalProperties").filter(|extra| extra.is_object()))
}

/// A schema's keywords other than annotations.
fn has_content(schema: &serde_json::Map<String, Value>) -> bool {
    schema
        .keys()
        .any(|k| !matches!(k.as_str(), "description" | "title" | "example" | "default") && !k.starts_with("x-"))
}

/// `schema` and every schema it stands for at `value`: `$ref` targets in `document`, the
/// members of its `allOf`, and the members of its `oneOf` and `anyOf` that `value` may be an
/// instance of (`may_be_of`), recursively (at most 6 deep, for recursive schemas).
fn expand<'a>(document: &'a Value, schema: &'a Value, value: &Value) -> Vec<&'a Value> {
    fn go<'a>(document: &'a Value, schema: &'a Value, value: &Value, depth: usize, into: &mut Vec<&'a Value>) {
        if depth > 6 {
            return;
        }
        into.push(schema);
        if let Some(target) = resolve_ref(document, schema) {
            go(document, target, value, depth + 1, into);
        }
        for member in members(schema, "allOf") {
            go(document, member, value, depth + 1, into);
        }
        for member in members(schema, "oneOf").chain(members(schema, "anyOf")) {
            if may_be_of(document, member, value, 0) {
                go(document, member, value, depth + 1, into);
            }
        }
    }
    let mut into = Vec::new();
    go(document, schema, value, 0, &mut into);
    into
}

fn resolve_ref<'a>(document: &'a Value, schema: &Value) -> Option<&'a Value> {
    schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|r| document.pointer(r))
}

fn members<'a>(schema: &'a Value, keyword: &str) -> impl Iterator<Item = &'a Value> {
    schema.get(keyword).and_then(Value::as_array).into_iter().flatten()
}

/// Whether `value` may be an instance of `schema`: false only on a certain violation of its
/// `type` (with `nullable`), `enum`, `const` or `required`, or of a member's schema, checked
/// through at most 12 `$ref`s, `allOf`s and members. Never false for a true instance, so an
/// alternative is set aside only when the value cannot be of it, never when it is.
fn may_be_of(document: &Value, schema: &Value, value: &Value, depth: usize) -> bool {
    if depth > 12 {
        return true;
    }
    if let Some(target) = resolve_ref(document, schema) {
        if !may_be_of(document, target, value, depth + 1) {
            return false;
        }
    }
    if !members(schema, "allOf").all(|member| may_be_of(document, member, value, depth + 1)) {
        return false;
    }
    for keyword in ["oneOf", "anyOf"] {
        let mut alternatives = members(schema, keyword).peekable();
        if alternatives.peek().is_some() && !alternatives.any(|member| may_be_of(document, member, value, depth + 1)) {
            return false;
        }
    }
    // `nullable` admits `null` whatever else the schema says (its `enum` included).
    if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    if !type_allows(schema, value) {
        return false;
    }
    let listed = |list: &Value| list.as_array().is_some_and(|values| values.iter().any(|v| same_value(v, value)));
    if schema.get("enum").is_some_and(|list| !listed(list))
        || schema.get("const").is_some_and(|c| !same_value(c, value))
    {
        return false;
    }
    let Value::Object(object) = value else { return true };
    let properties = schema.get("properties").and_then(Value::as_object);
    // A `readOnly` member is left out of requests and a `writeOnly` one out of responses,
    // required or not.
    let one_way = |name: &str| {
        let property = properties.and_then(|p| p.get(name));
        let target = property.and_then(|p| resolve_ref(document, p));
        [property, target]
            .into_iter()
            .flatten()
            .any(|p| ["readOnly", "writeOnly"].iter().any(|flag| p.get(*flag).and_then(Value::as_bool) == Some(true)))
    };
    let required = schema.get("required").and_then(Value::as_array).into_iter().flatten();
    if required.filter_map(Value::as_str).any(|name| !object.contains_key(name) && !one_way(name)) {
        return false;
    }
    object.iter().all(|(name, member)| {
        properties.and_then(|p| p.get(name)).is_none_or(|property| may_be_of(document, property, member, depth + 1))
    })
}

/// Whether the schema's `type` (a name or a list; `nullable` adds `null`) admits the value's
/// JSON type; `integer` admits numbers with no fraction, `number` admits integers.
fn type_allows(schema: &Value, value: &Value) -> bool {
    let names: Vec<&str> = match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => return true,
    };
    let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    names.iter().any(|name| match (*name, value) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("array", Value::Array(_)) | ("object", Value::Object(_)) | ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => n.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }) || (nullable && value.is_null())
}

/// JSON equality with numbers compared as `f64`, as `differences` does.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The class of a decode or encode error: serde's message without its position and without
/// the value it quotes (`invalid type: string "abc", expected u32` -> `invalid type: string,
/// expected u32`), so that instances failing the same way share a class.
pub fn error_class(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                let kind = found.split([' ', '`', '"']).next().unwrap_or(found);
                let kind = if found.starts_with("floating point") { "floating point" } else { kind };
                return format!("{prefix}{kind}, expected {expected}");
            }
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(pointer: &str, change: Change) -> Difference {
        Difference { pointer: pointer.into(), change }
    }

    #[test]
    fn null_members_equal_absent_ones_both_ways() {
        assert_eq!(differences(&json!({"a": 1, "b": null}), &json!({"a": 1})), []);
        assert_eq!(differences(&json!({"a": 1}), &json!({"a": 1, "b": null})), []);
        assert_eq!(differences(&json!({"a": null}), &json!({"a": null})), []);
    }

    #[test]
    fn numbers_compare_as_f64() {
        assert_eq!(differences(&json!({"n": 1}), &json!({"n": 1.0})), []);
        assert_eq!(differences(&json!([1.5, -2]), &json!([1.5, -2.0])), []);
        assert_eq!(differences(&json!({"n": 1}), &json!({"n": 2})), [at("/n", Change::Changed)]);
    }

    #[test]
    fn date_times_compare_as_instants() {
        let (a, b) = (json!({"t": "2020-01-01T00:00:00+01:00"}), json!({"t": "2019-12-31T23:00:00Z"}));
        assert_eq!(differences(&a, &b), []);
        assert_eq!(differences(&json!("2020-01-01T00:00:00.5Z"), &json!("2020-01-01T00:00:00.500+00:00")), []);
        assert_eq!(
            differences(&json!("2020-01-01T00:00:00Z"), &json!("2020-01-01T00:00:01Z")),
            [at("", Change::Changed)]
        );
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(instant("2000-03-01T00:00:00Z"), Some((951_868_800, 0)));
        assert_eq!(instant("2020-01-01"), None);
        assert_eq!(instant("2020-01-01T00:00:00"), None);
    }

    #[test]
    fn a_dropped_member_is_reported_with_its_pointer() {
        let instance = json!({"data": [{"id": 1, "a/b": "x"}], "keep": true});
        let output = json!({"data": [{"id": 1}], "keep": true});
        assert_eq!(differences(&instance, &output), [at("/data/0/a~1b", Change::Dropped)]);
    }

    #[test]
    fn a_changed_string_and_an_added_member_are_reported() {
        let differences = differences(&json!({"s": "abc", "v": [1, 2]}), &json!({"s": "abd", "v": [1], "x": 0}));
        assert_eq!(differences, [at("/s", Change::Changed), at("/v", Change::Changed), at("/x", Change::Added)]);
    }

    #[test]
    fn a_member_is_typed_by_a_property_or_by_an_additional_properties_schema() {
        let document = json!({"components": {"schemas": {
            "Item": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Wrapper": {"allOf": [{"$ref": "#/components/schemas/Item"}, {"properties": {"tags": {"type": "object", "additionalProperties": {"type": "integer"}}}}]}
        }}});
        let schema = json!({"type": "array", "items": {"$ref": "#/components/schemas/Wrapper"}});
        let instance = json!([{"name": "n", "other": 1, "tags": {"t": 1}}]);
        assert!(typed_member(&document, &schema, &instance, "/0/name"));
        assert!(typed_member(&document, &schema, &instance, "/0/tags/t"));
        assert!(!typed_member(&document, &schema, &instance, "/0/other"));
        let open = json!({"type": "object", "additionalProperties": {}});
        assert!(!typed_member(&document, &open, &json!({"x": 1}), "/x"));
    }

    #[test]
    fn a_member_only_an_alternative_the_value_cannot_be_of_declares_is_untyped() {
        let document = json!({"components": {"schemas": {
            "Invoice": {"type": "object", "required": ["total"], "properties": {"total": {"type": "number"}, "kind": {"enum": ["invoice"]}}},
            "Purchase": {"type": "object", "properties": {"total": {"type": "string"}, "items": {"type": "array"}}},
            "Refund": {"type": "object", "required": ["refunded"], "properties": {"refunded": {"type": "boolean"}, "items": {"type": "array"}}}
        }}});
        let schema = json!({"oneOf": [
            {"$ref": "#/components/schemas/Invoice"},
            {"$ref": "#/components/schemas/Purchase"},
            {"$ref": "#/components/schemas/Refund"}
        ]});
        // Purchase types `total` as a string and Refund requires `refunded`: only Invoice fits,
        // and it leaves `items` untyped.
        let invoice = json!({"total": 10, "kind": "invoice", "items": [1]});
        assert!(typed_member(&document, &schema, &invoice, "/total"));
        assert!(!typed_member(&document, &schema, &invoice, "/items"));
        // A value Purchase may hold keeps `items` typed, and so does one that fits Refund.
        assert!(typed_member(&document, &schema, &json!({"total": "10", "items": [1]}), "/items"));
        assert!(typed_member(&document, &schema, &json!({"refunded": true, "items": []}), "/items"));
        // An enum set aside the alternative as surely as a type.
        let tagged = json!({"total": 1, "kind": "other", "items": [1]});
        assert!(!typed_member(
            &document,
            &json!({"anyOf": [{"$ref": "#/components/schemas/Invoice"}]}),
            &tagged,
            "/kind"
        ));
    }

    #[test]
    fn may_be_of_never_sets_aside_a_true_instance() {
        let document = json!({});
        let cases = [
            (json!({"type": "integer"}), json!(1.0)),
            (json!({"type": "number"}), json!(3)),
            (json!({"type": "string", "nullable": true}), json!(null)),
            (json!({"type": ["string", "null"]}), json!(null)),
            (json!({"enum": [1, "a"]}), json!(1.0)),
            (json!({"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]}), json!({"a": {}})),
            (json!({"allOf": [{"required": ["a"]}, {"properties": {"a": {"const": 2}}}]}), json!({"a": 2, "b": 1})),
            (json!({"enum": ["a"], "nullable": true}), json!(null)),
            (json!({"required": ["id"], "properties": {"id": {"readOnly": true}}}), json!({})),
        ];
        for (schema, value) in cases {
            assert!(may_be_of(&document, &schema, &value, 0), "{schema} {value}");
        }
        assert!(!may_be_of(&document, &json!({"type": "integer"}), &json!(1.5), 0));
        assert!(!may_be_of(&document, &json!({"properties": {"a": {"type": "string"}}}), &json!({"a": 1}), 0));
    }

    #[test]
    fn a_double_rounds_to_f32_only_where_the_schema_says_float() {
        let document = json!({});
        let schema = json!({"type": "object", "properties": {
            "f": {"anyOf": [{"type": "number", "format": "float"}, {"type": "string"}]},
            "d": {"type": "number"},
        }});
        let instance = json!({"f": 206.8971563130617, "d": 206.8971563130617});
        let output = json!({"f": 206.89715576171875, "d": 206.89715576171875});
        assert!(float_rounded(&document, &schema, &instance, &output, "/f"));
        assert!(!float_rounded(&document, &schema, &instance, &output, "/d"));
        let wrong = json!({"f": 206.0});
        assert!(!float_rounded(&document, &schema, &instance, &wrong, "/f"));
        // The f32's digits read back as a double one unit in the last place away (dodo.ac).
        let (instance, output) = (json!({"f": 511.8}), json!({"f": 511.7999877929687}));
        assert!(float_rounded(&document, &schema, &instance, &output, "/f"));
    }

    #[test]
    fn error_classes_leave_out_positions_and_values() {
        assert_eq!(
            error_class("invalid type: null, expected a string at line 1 column 9"),
            "invalid type: null, expected a string"
        );
        assert_eq!(error_class("invalid value: integer `-5`, expected u32"), "invalid value: integer, expected u32");
        assert_eq!(error_class("invalid type: string \"x\", expected i64"), "invalid type: string, expected i64");
        assert_eq!(error_class("missing field `name`"), "missing field `name`");
    }
}
