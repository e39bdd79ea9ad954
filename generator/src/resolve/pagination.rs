//! Which operations page, and how: from the vendor extensions real specs carry
//! (`x-ms-pageable`, `x-speakeasy-pagination`, `x-fern-pagination`,
//! `x-dropshot-pagination`), from `[pagination]` in the settings, or from conventions (a
//! cursor parameter and a next-cursor member; Stripe's `starting_after` and `has_more`; a
//! `Link` header and a `page` parameter; `offset`/`page` with a total count; a request body
//! with an offset member, `from` or `offset`, beside a page size, `size` or `limit`, for
//! search operations that page in their body). A convention that is not sure gives no
//! `.stream()`, and says why in the method's docs.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::PaginationSetting;
use crate::model::{
    BodyKind, Counting, Field, FieldStep, Pagination, PagingStyle, ParamLocation, Parameter, Presence, RequestBody,
    ResponseBody, SuccessResponse, TypeDef, TypeKind, TypeRef,
};

/// Query parameters that carry a next-page token, and the members that return it.
const CURSOR_PARAMS: &[&str] =
    &["cursor", "page_token", "pageToken", "next_token", "nextToken", "continuation_token", "continuationToken"];
const NEXT_MEMBERS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "cursor",
];
/// Members that hold the list when the response is an object.
const ITEM_MEMBERS: &[&str] = &["data", "items", "results", "records", "entries", "values", "value"];
/// Members that wrap paging details.
const META_MEMBERS: &[&str] = &["meta", "pagination", "paging", "page_info", "pageInfo", "response_metadata"];
/// Body members that count the items to skip, and those that set the page size beside them.
const BODY_OFFSETS: &[&str] = &["from", "offset"];
const BODY_PAGE_SIZES: &[&str] = &["size", "limit", "page_size", "pageSize"];
const TOTAL_MEMBERS: &[&str] = &["total", "total_count", "totalCount", "total_results", "totalResults", "count"];

/// Sets `pagination` (or `pagination_note`) on every operation that pages. `raw` is each
/// operation's node in the document, in the order of `operations`.
/// What paging reads of an operation: its request and responses, before the operation (whose
/// builder and return type depend on paging) is built.
pub struct Request<'a> {
    pub operation_id: Option<&'a str>,
    /// Lower case, as in the spec (`get`).
    pub http_method: &'a str,
    pub params: &'a [Parameter],
    pub body: Option<&'a RequestBody>,
    pub success: &'a [SuccessResponse],
}

/// How the operation pages (`Ok`), why a convention that almost fits does not (`Err`, for
/// its docs), or nothing. `raw` is the operation's node in the document (its extensions).
pub fn detect(
    operation: &Request,
    raw: Option<&Value>,
    types: &BTreeMap<String, TypeDef>,
    settings: &BTreeMap<String, PaginationSetting>,
) -> Found {
    match operation.operation_id.and_then(|id| settings.get(id)) {
        Some(setting) => from_setting(operation, setting, types),
        None => {
            raw.and_then(|raw| from_extensions(operation, raw, types)).or_else(|| by_convention(operation, raw, types))
        }
    }
}

pub type Found = Option<Result<Pagination, String>>;

/// The JSON body of the success response; none when there are several different ones (the
/// call then returns an enum by status).
fn response_type<'a>(operation: &Request<'a>) -> Option<&'a TypeRef> {
    let first = &operation.success.first()?.body;
    if operation.success.iter().any(|s| &s.body != first) {
        return None;
    }
    match first {
        ResponseBody::Json(ty) => Some(ty),
        _ => None,
    }
}

fn has_query_param(operation: &Request, name: &str) -> bool {
    operation.params.iter().any(|p| p.location == ParamLocation::Query && p.name == name && !p.required)
}

fn fields<'a>(types: &'a BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'a [Field]> {
    match ty {
        TypeRef::Named(name) => match &types.get(name)?.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

fn step(field: &Field) -> FieldStep {
    FieldStep { rust_name: field.rust_name.clone(), optional: field.presence.is_option() }
}

/// A member path by wire names (`meta.next`), typed step by step; the last member's type.
fn path_of(types: &BTreeMap<String, TypeDef>, root: &TypeRef, names: &[&str]) -> Option<(Vec<FieldStep>, TypeRef)> {
    let mut steps = Vec::new();
    let mut ty = root.clone();
    for name in names {
        let field = fields(types, &ty)?.iter().find(|f| f.json_name == *name)?;
        // `Option<Option<T>>` (a type that is also sent): too ambiguous to read a token from.
        if field.presence == Presence::OptionalNullable {
            return None;
        }
        steps.push(step(field));
        ty = field.ty.clone();
    }
    Some((steps, ty))
}

/// Where the items are: the response itself when it is a list, else one list member.
fn items_of(
    types: &BTreeMap<String, TypeDef>,
    response: &TypeRef,
    named: Option<&str>,
) -> Result<(Vec<FieldStep>, TypeRef), String> {
    if let TypeRef::Vec(item) = response {
        return Ok((Vec::new(), (**item).clone()));
    }
    let Some(fields) = fields(types, response) else { return Err("the response is not an object or a list".into()) };
    let lists: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, TypeRef::Vec(_))).collect();
    let chosen = match named {
        Some(name) => lists.iter().find(|f| f.json_name == name).copied(),
        None => match lists.as_slice() {
            [only] => Some(*only),
            _ => {
                let conventional: Vec<&&Field> =
                    lists.iter().filter(|f| ITEM_MEMBERS.contains(&f.json_name.as_str())).collect();
                match conventional.as_slice() {
                    [only] => Some(**only),
                    _ => None,
                }
            }
        },
    };
    let Some(field) = chosen else {
        return Err(match named {
            Some(name) => format!("the response has no list member `{name}`"),
            None => format!("the response has {} list members and none is plainly the items", lists.len()),
        });
    };
    let TypeRef::Vec(item) = &field.ty else { return Err("the items member is not a list".into()) };
    if field.presence == Presence::OptionalNullable {
        return Err(format!("the items member `{}` is optional and nullable", field.json_name));
    }
    Ok((vec![step(field)], (**item).clone()))
}

/// A member that holds a next-page token: at the top, or one level down in a wrapper.
fn next_member(types: &BTreeMap<String, TypeDef>, response: &TypeRef, candidates: &[&str]) -> Option<Vec<FieldStep>> {
    let at = |names: &[&str]| path_of(types, response, names).filter(|(_, ty)| *ty == TypeRef::String).map(|(p, _)| p);
    candidates
        .iter()
        .find_map(|name| at(&[name]))
        .or_else(|| META_MEMBERS.iter().find_map(|meta| candidates.iter().find_map(|name| at(&[meta, name]))))
}

fn total_member(types: &BTreeMap<String, TypeDef>, response: &TypeRef) -> Option<Vec<FieldStep>> {
    total_member_named(types, response, TOTAL_MEMBERS)
}

fn total_member_named(types: &BTreeMap<String, TypeDef>, response: &TypeRef, names: &[&str]) -> Option<Vec<FieldStep>> {
    let at = |path: &[&str]| path_of(types, response, path).filter(|(_, ty)| is_integer(ty)).map(|(p, _)| p);
    names
        .iter()
        .find_map(|name| at(&[name]))
        .or_else(|| META_MEMBERS.iter().find_map(|meta| names.iter().find_map(|name| at(&[meta, name]))))
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64)
}

/// Paging found by the convention `rule`, with the items at `items`.
fn paged(style: PagingStyle, items: (Vec<FieldStep>, TypeRef), rule: &str) -> Pagination {
    Pagination { style, items: items.0, item_type: items.1, source: format!("convention: {rule}") }
}

/// Elasticsearch-style paging in a JSON body: an integer `from` (or `offset`) beside an
/// integer page size. The items are counted into it; a total stops early only when named
/// as one (a bare `count` is often the page's own count, as Netography's `meta.count` is).
fn body_offset(operation: &Request, types: &BTreeMap<String, TypeDef>) -> Found {
    let body = operation.body.filter(|body| body.kind == BodyKind::Json)?;
    let members = fields(types, &body.ty)?;
    let integer_member = |names: &[&str]| {
        members.iter().find(|f| names.contains(&f.json_name.as_str()) && is_integer(&f.ty) && !f.required)
    };
    let offset = integer_member(BODY_OFFSETS)?;
    integer_member(BODY_PAGE_SIZES)?;
    let response = response_type(operation)?;
    let named_totals: Vec<&str> = TOTAL_MEMBERS.iter().copied().filter(|name| *name != "count").collect();
    Some(match items_of(types, response, None) {
        Ok(items) => {
            let member = offset.json_name.clone();
            let rule = format!("the body's `{member}`, counting items");
            let total = total_member_named(types, response, &named_totals);
            Ok(paged(PagingStyle::BodyOffset { member, total }, items, &rule))
        }
        Err(why) => Err(format!("its body takes `{}`, but {why}", offset.json_name)),
    })
}

fn by_convention(operation: &Request, raw: Option<&Value>, types: &BTreeMap<String, TypeDef>) -> Found {
    if operation.http_method != "get" {
        return body_offset(operation, types);
    }
    let response = response_type(operation)?;
    // GitHub: a `Link` header on the success response and a `page` parameter.
    if has_query_param(operation, "page") && declares_link_header(raw) {
        return Some(
            items_of(types, response, None).map(|items| paged(PagingStyle::LinkHeader, items, "`Link` header")),
        );
    }
    // Stripe: `starting_after` the last item's id while `has_more`.
    if has_query_param(operation, "starting_after") {
        let has_more = path_of(types, response, &["has_more"]).filter(|(_, ty)| *ty == TypeRef::Bool);
        let items = items_of(types, response, None);
        let id = items.as_ref().ok().and_then(|(_, item)| {
            fields(types, item)?
                .iter()
                .find(|f| f.json_name == "id" && f.ty == TypeRef::String && f.presence != Presence::OptionalNullable)
                .map(step)
        });
        return Some(match (has_more, items, id) {
            (Some((has_more, _)), Ok(items), Some(id)) => {
                let style = PagingStyle::AfterLastItem { param: "starting_after".into(), has_more, id };
                Ok(paged(style, items, "`starting_after` the last item's `id` while `has_more`"))
            }
            _ => Err("it takes `starting_after`, but the response lacks `has_more` or items with a string `id`".into()),
        });
    }
    if let Some(param) = CURSOR_PARAMS.iter().find(|p| has_query_param(operation, p)) {
        return Some(match (next_member(types, response, NEXT_MEMBERS), items_of(types, response, None)) {
            (Some(next), Ok(items)) => {
                let rule = format!("cursor `{param}`");
                Ok(paged(PagingStyle::Cursor { param: param.to_string(), next }, items, &rule))
            }
            (None, _) => Err(format!("it takes `{param}`, but no response member gives the next one")),
            (_, Err(why)) => Err(format!("it takes `{param}`, but {why}")),
        });
    }
    for (param, counts) in [("offset", Counting::Items), ("page", Counting::Pages)] {
        if has_query_param(operation, param) {
            return Some(match (total_member(types, response), items_of(types, response, None)) {
                (Some(total), Ok(items)) => {
                    let style = PagingStyle::Counter { param: param.into(), counts, total: Some(total) };
                    Ok(paged(style, items, &format!("`{param}` up to the total count")))
                }
                (None, _) => Err(format!("it takes `{param}`, but the response gives no total count")),
                (_, Err(why)) => Err(format!("it takes `{param}`, but {why}")),
            });
        }
    }
    None
}

fn declares_link_header(raw: Option<&Value>) -> bool {
    let Some(responses) = raw.and_then(|r| r.get("responses")).and_then(Value::as_object) else { return false };
    responses.iter().filter(|(status, _)| status.starts_with('2')).any(|(_, response)| {
        response
            .get("headers")
            .and_then(Value::as_object)
            .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("link")))
    })
}

/// `$.data`, `$response.meta.next`, `$request.cursor`, `data` -> member names.
fn names(expression: &str) -> Vec<&str> {
    let trimmed = expression
        .trim_start_matches("$response.")
        .trim_start_matches("$request.")
        .trim_start_matches("$.")
        .trim_start_matches('$');
    trimmed.split('.').filter(|s| !s.is_empty()).collect()
}

fn from_extensions(operation: &Request, raw: &Value, types: &BTreeMap<String, TypeDef>) -> Found {
    let response = response_type(operation)?;
    let source = |name: &str| format!("`{name}`");
    // Azure: `{nextLinkName, itemName}`; the next link is a URL in the body.
    if let Some(pageable) = raw.get("x-ms-pageable") {
        let items = pageable.get("itemName").and_then(Value::as_str).unwrap_or("value");
        let next = pageable.get("nextLinkName").and_then(Value::as_str);
        let Some(next) = next else {
            return Some(Err("`x-ms-pageable` without `nextLinkName` pages no further".into()));
        };
        return Some(cursor_like(types, response, &[next], &[items], None, source("x-ms-pageable")));
    }
    // Speakeasy: `{type: cursor, inputs: [{name, in: parameters, type: cursor}], outputs: {nextCursor, results}}`.
    if let Some(speakeasy) = raw.get("x-speakeasy-pagination") {
        let input = speakeasy
            .get("inputs")
            .and_then(Value::as_array)
            .and_then(|inputs| inputs.iter().find(|i| i.get("type").and_then(Value::as_str) == Some("cursor")));
        let param = input.and_then(|i| i.get("name")).and_then(Value::as_str);
        let outputs = speakeasy.get("outputs");
        let next = outputs.and_then(|o| o.get("nextCursor")).and_then(Value::as_str).map(names);
        let results = outputs.and_then(|o| o.get("results")).and_then(Value::as_str).map(names);
        return Some(match (param, next) {
            (Some(param), Some(next)) => cursor_like(
                types,
                response,
                &next,
                &results.unwrap_or_default(),
                Some(param),
                source("x-speakeasy-pagination"),
            ),
            _ => Err("`x-speakeasy-pagination` other than a cursor is not supported yet".into()),
        });
    }
    // Fern: `{cursor: $request.x, next_cursor: $response.y, results: $response.z}`.
    if let Some(fern) = raw.get("x-fern-pagination") {
        let text = |key: &str| fern.get(key).and_then(Value::as_str).map(names);
        return Some(match (text("cursor"), text("next_cursor")) {
            (Some(cursor), Some(next)) if cursor.len() == 1 => cursor_like(
                types,
                response,
                &next,
                &text("results").unwrap_or_default(),
                Some(cursor[0]),
                source("x-fern-pagination"),
            ),
            _ => Err("`x-fern-pagination` other than a cursor is not supported yet".into()),
        });
    }
    // Dropshot: `page_token` in, `next_page` out, `items`.
    if raw.get("x-dropshot-pagination").is_some() {
        return Some(cursor_like(
            types,
            response,
            &["next_page"],
            &["items"],
            Some("page_token"),
            source("x-dropshot-pagination"),
        ));
    }
    None
}

/// A next token at `next` sent back as `param` (a URL when `param` is `None`).
fn cursor_like(
    types: &BTreeMap<String, TypeDef>,
    response: &TypeRef,
    next: &[&str],
    items: &[&str],
    param: Option<&str>,
    source: String,
) -> Result<Pagination, String> {
    let (next, ty) = path_of(types, response, next)
        .ok_or_else(|| format!("{source}: the response has no member `{}`", next.join(".")))?;
    if ty != TypeRef::String {
        return Err(format!("{source}: the next-page member is not a string"));
    }
    let (item_steps, item_type) = match items {
        [] => items_of(types, response, None),
        [name] => items_of(types, response, Some(name)),
        _ => path_of(types, response, items)
            .and_then(|(steps, ty)| match ty {
                TypeRef::Vec(item) => Some((steps, *item)),
                _ => None,
            })
            .ok_or_else(|| format!("no list at `{}`", items.join("."))),
    }
    .map_err(|why| format!("{source}: {why}"))?;
    let style = match param {
        Some(param) => PagingStyle::Cursor { param: param.to_string(), next },
        None => PagingStyle::LinkInBody { next },
    };
    Ok(Pagination { style, items: item_steps, item_type, source })
}

fn from_setting(operation: &Request, setting: &PaginationSetting, types: &BTreeMap<String, TypeDef>) -> Found {
    let source = "the settings' `[pagination]`".to_string();
    let Some(response) = response_type(operation) else {
        return Some(Err(format!("{source}: the operation returns no JSON")));
    };
    fn split(text: &Option<String>) -> Vec<&str> {
        text.as_deref().map(names).unwrap_or_default()
    }
    let items = split(&setting.items);
    let result = match setting.style.as_str() {
        "none" => return None,
        "cursor" => {
            let (Some(param), Some(_)) = (&setting.param, &setting.next) else {
                return Some(Err(format!("{source}: a cursor needs `param` and `next`")));
            };
            cursor_like(types, response, &split(&setting.next), &items, Some(param), source.clone())
        }
        "next-link" => cursor_like(types, response, &split(&setting.next), &items, None, source.clone()),
        "link-header" => items_of(types, response, items.first().copied()).map(|(steps, ty)| Pagination {
            style: PagingStyle::LinkHeader,
            items: steps,
            item_type: ty,
            source: source.clone(),
        }),
        "offset" | "page" => {
            let counts = if setting.style == "offset" { Counting::Items } else { Counting::Pages };
            let param = setting.param.clone().unwrap_or_else(|| setting.style.clone());
            let total = setting.total.as_ref().map(|_| split(&setting.total));
            let total =
                total.map(|names| path_of(types, response, &names).map(|(p, _)| p).ok_or("no such total member"));
            match total {
                Some(Err(why)) => Err(format!("{source}: {why}")),
                total => items_of(types, response, items.first().copied()).map(|(steps, ty)| Pagination {
                    style: PagingStyle::Counter { param, counts, total: total.and_then(Result::ok) },
                    items: steps,
                    item_type: ty,
                    source: source.clone(),
                }),
            }
        }
        other => Err(format!("{source}: unknown style `{other}` (cursor, next-link, link-header, offset, page, none)")),
    };
    Some(result)
}
