//! Choosing method names for operations, within the group of their tag.
//!
//! A name depends on the operation itself and its group, never on the other operations of
//! the spec, so it does not change when operations are added or removed. The rule:
//! 1. an override from the settings (`[methods]` in `specs/codegen.toml`, by operationId);
//! 2. an operationId its author chose (`listForOrg`, `repos/list-for-org`,
//!    `listIncidentAlerts`): snake-cased, without a namespace before `/` or `.`, minus the
//!    words its group already says (`client.repos().list_for_org()`,
//!    `client.incidents().list_alerts()`);
//! 3. otherwise (no operationId, or a machine-made one, see [`is_machine_made`]) from the
//!    HTTP method and the path, leaving out `api` and version segments (`v1`) and the
//!    segments that name the group's resource:
//!    - an action: a literal segment after a parameter of a non-GET operation
//!      (`PUT /vpc/{id}/enable` -> `enable`), or a segment that is a known verb
//!      (`POST /intel/lookup/ips` -> `lookup_ips`); `regen` reads `regenerate`;
//!    - else a verb from the method: `GET` of a collection (a plural, or the group's own
//!      resource) that answers a list (an array, or an object with an array member) is
//!      `list`, of anything else `get` (`GET /rate_limit` answers one object: `get`);
//!      `POST` `create` (`update` on a path ending with a parameter, as Stripe's updates),
//!      `PUT` `update`, `PATCH` `patch`, `DELETE` `delete`; `bulk` makes `bulk_update` /
//!      `bulk_delete`;
//!    - then the other literal segments, a noun before a parameter in the singular
//!      (`GET /bgp/neighbor/{id}` in `devices` -> `get_bgp_neighbor`), the parent of the
//!      group's resource with `for` (`GET /users/{id}/teams` in `teams` -> `list_for_user`);
//! 4. when two operations of a group get one name, the first in the order of record keeps
//!    it; a later one on an item path adds `by_<parameter>`, then a number: an operation
//!    added later never takes a name an existing one has.

use std::collections::BTreeMap;

use super::idents::{first_free, snake};
use super::words::{is_plural, same_word, singular, words};

/// What naming needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationKey<'a> {
    pub http_method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    /// Whether its success body is a list (an array, or an object with an array member);
    /// `None` when unknown. A GET of a collection that answers one object is `get`, not `list`.
    pub returns_list: Option<bool>,
}

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Path segments that are verbs: they name what a request does, not a resource.
const ACTIONS: [&str; 28] = [
    "activate",
    "approve",
    "archive",
    "bulkdelete",
    "cancel",
    "clone",
    "deactivate",
    "disable",
    "enable",
    "execute",
    "export",
    "import",
    "lookup",
    "preview",
    "query",
    "refresh",
    "regen",
    "regenerate",
    "regenkeys",
    "reset",
    "restart",
    "revoke",
    "rotate",
    "search",
    "sync",
    "test",
    "upload",
    "validate",
];

/// Abbreviated actions, spelled out.
fn action_name(segment: &str) -> String {
    match segment {
        "regen" => "regenerate".into(),
        "regenkeys" => "regenerate_keys".into(),
        "bulkdelete" => "bulk_delete".into(),
        other => snake(other),
    }
}

/// Method names for the operations of the group `group` (of tag `tag`), given in the
/// order of record.
pub fn method_names(
    tag: &str,
    group: &str,
    operations: &[OperationKey<'_>],
    overrides: &BTreeMap<String, String>,
) -> Vec<String> {
    let module_words = words(group);
    let group_words: Vec<String> = words(tag).into_iter().chain(module_words.iter().cloned()).collect();
    // The group's name spelled as one word: a tag `Web-hooks` meets `listWebhook`.
    let joined: Vec<String> =
        [words(tag).concat(), module_words.concat()].into_iter().filter(|w| !w.is_empty()).collect();
    let overridden: Vec<Option<String>> =
        operations.iter().map(|op| op.operation_id.and_then(|id| overrides.get(id)).map(|name| snake(name))).collect();
    // Overrides are chosen by a person: they are taken before any derived name.
    let mut taken: Vec<String> = overridden.iter().flatten().cloned().collect();
    let mut names = Vec::new();
    for (op, overridden) in operations.iter().zip(overridden) {
        let name = match overridden {
            Some(name) => name,
            None => {
                let wanted = match op.operation_id.filter(|id| !is_machine_made(id, op)) {
                    Some(id) => authored_name(id, &group_words, &joined),
                    None => derived_name(op, &group_words, &module_words),
                };
                let name = if taken.contains(&wanted) { disambiguated(&wanted, op) } else { wanted };
                first_free(&name, "_", |n| taken.iter().any(|t| t == n))
            }
        };
        taken.push(name.clone());
        names.push(name);
    }
    names
}

/// A machine-made operationId spells the path and the HTTP method rather than naming an
/// action: it ends with an HTTP method (`v1_api_keys_appname_regen_put`,
/// `read_items_items__get`), starts with it and spells every word of the path after it
/// (Stripe's `GetAccountsAccountBankAccountsId`), or all its words are the path's with a
/// version or without a verb (`v1_customer_access_allowed_ips`). `listForOrg`, `getUser` or `repos/get-autolink` are
/// an author's choice.
pub fn is_machine_made(operation_id: &str, op: &OperationKey<'_>) -> bool {
    let id_words = words(operation_id);
    if id_words.last().is_some_and(|w| HTTP_METHODS.contains(&w.as_str())) {
        return true;
    }
    let path_words: Vec<String> = words(op.path);
    let is_version = |w: &str| w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit());
    // The HTTP method, then the path's words as written (`GetAccountsAccountBankAccountsId`
    // for `GET /v1/accounts/{account}/bank_accounts/{id}`): the path spelled out.
    let unversioned: Vec<&String> = path_words.iter().filter(|w| !is_version(w)).collect();
    if id_words.first().is_some_and(|w| w == op.http_method)
        && id_words.len() > 1
        && id_words[1..].iter().eq(unversioned.iter().copied())
    {
        return true;
    }
    let from_path = |w: &String| is_version(w) || path_words.iter().any(|p| same_word(p, w));
    // All words from the path, and a version or no verb: `v1_customer_access_allowed_ips`.
    // `getUser` on `/users/{user}` has a verb of its own: an author's name.
    !id_words.is_empty()
        && id_words.iter().all(from_path)
        && (id_words.iter().any(|w| is_version(w)) || !id_words.iter().any(|w| HTTP_METHODS.contains(&w.as_str())))
}

/// The author's operationId, without its namespace and the words the group says: one by one,
/// or spelled together (`joined`: `webhook` in `Web-hooks`, `web_hooks` in `Webhooks`; case,
/// hyphens, spaces and plurals aside).
fn authored_name(operation_id: &str, group_words: &[String], joined: &[String]) -> String {
    let local = operation_id.rsplit(['/', '.']).find(|part| !part.is_empty()).unwrap_or(operation_id);
    let all = words(local);
    let mut said = vec![false; all.len()];
    for (at, word) in all.iter().enumerate() {
        said[at] |= group_words.iter().any(|g| same_word(g, word));
        // The longest run of words from here that spells the group's name as one word.
        let run = (at + 1..=all.len()).rev().find(|&end| {
            let together = all[at..end].concat();
            joined.iter().any(|j| same_word(j, &together))
        });
        if let Some(end) = run {
            said[at..end].iter_mut().for_each(|s| *s = true);
        }
    }
    // A group word after a preposition says something (`list_commit_comments_for_repo`).
    const PREPOSITIONS: [&str; 10] = ["at", "by", "for", "from", "in", "of", "on", "per", "to", "with"];
    let kept: Vec<&String> = all
        .iter()
        .enumerate()
        .filter(|(at, _)| {
            let after_preposition =
                at.checked_sub(1).is_some_and(|before| PREPOSITIONS.contains(&all[before].as_str()));
            after_preposition || !said[*at]
        })
        .map(|(_, w)| w)
        .collect();
    // A name is more than its group: `repos/get` in `repos` stays `get`, `listRepos` `list`.
    match kept.as_slice() {
        [] => snake(&all.join("_")),
        kept => snake(&kept.iter().map(|w| w.as_str()).collect::<Vec<_>>().join("_")),
    }
}

/// `{id}`, and also segments mixing text and parameters such as `{name}.{format}`.
fn is_parameter(segment: &str) -> bool {
    segment.contains('{')
}

pub fn is_version(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    lower.len() > 1 && lower.starts_with('v') && lower[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A segment naming the group's resource: all its words are the group's, or abbreviate
/// one (`dns-devices` in `Traffic Sources - DNS Devices`, `intel` in `Intelligence`).
fn is_group_resource(segment: &str, group_words: &[String]) -> bool {
    let segment_words = words(segment);
    !segment_words.is_empty()
        && segment_words.iter().all(|w| {
            group_words
                .iter()
                .any(|g| same_word(g, w) || (w.len() >= 4 && g.len() > w.len() && g.starts_with(w.as_str())))
        })
}

/// True when a machine-made operationId spells the group's name (`v1_response_policy_id_get`
/// in `Response Policies`): it then stands for path segments it does not spell
/// (`/rule-engine/rule/{id}`), which are the group's resource.
fn operation_id_names_group(operation_id: Option<&str>, module_words: &[String]) -> bool {
    let Some(id) = operation_id else { return false };
    let id_words = words(id);
    !module_words.is_empty()
        && id_words
            .windows(module_words.len())
            .any(|window| window.iter().zip(module_words).all(|(a, b)| same_word(a, b)))
}

/// What one literal segment of a path contributes to a derived name.
enum Part {
    /// A resource or qualifier, such as `neighbor` or `status`.
    Noun(String),
    /// A parent the operation is scoped to: `for_user`.
    For(String),
}

fn derived_name(op: &OperationKey<'_>, group_words: &[String], module_words: &[String]) -> String {
    let segments: Vec<&str> = op
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .skip_while(|s| s.eq_ignore_ascii_case("api") || is_version(s))
        .collect();
    let id_words = op.operation_id.map(words).unwrap_or_default();
    let spelled_by_id = |segment: &str| words(segment).iter().any(|w| id_words.iter().any(|i| same_word(i, w)));
    let names_group = operation_id_names_group(op.operation_id, module_words);
    let mut owned: Vec<bool> = segments
        .iter()
        .map(|s| !is_parameter(s) && (is_group_resource(s, group_words) || (names_group && !spelled_by_id(s))))
        .collect();
    // A first segment before the group's resource is a namespace (`/rule-engine/rule`).
    if owned.len() > 1 && owned[1] && !is_parameter(segments[0]) {
        owned[0] = true;
    }
    let is_get = op.http_method == "get";
    let is_action = |segment: &str| ACTIONS.contains(&segment.to_ascii_lowercase().as_str());
    // An action named by the path: its verb leads the name. A literal after a parameter is
    // one when it is a known verb or one word that is not a plural (`PUT /vpc/{id}/enable`,
    // `POST /accounts/{id}/reject`); a plural or several words name a nested resource
    // (`POST /accounts/{id}/bank_accounts` creates a bank account), and a DELETE removes
    // what its path names.
    let trailing_action = !is_get
        && op.http_method != "delete"
        && segments.len() >= 2
        && !is_parameter(segments[segments.len() - 1])
        && is_parameter(segments[segments.len() - 2])
        && {
            let last = segments[segments.len() - 1];
            let last_words = words(last);
            is_action(last) || (last_words.len() == 1 && !is_plural(&last_words[0]))
        };
    let action_at = if trailing_action {
        Some(segments.len() - 1)
    } else if is_get {
        // A GET whose last segment is a search or a lookup (`GET /customers/search`).
        segments
            .len()
            .checked_sub(1)
            .filter(|&last| matches!(segments[last].to_ascii_lowercase().as_str(), "search" | "lookup" | "query"))
    } else {
        segments.iter().position(|s| is_action(s))
    };
    let ends_with_parameter = segments.last().is_some_and(|s| is_parameter(s));
    let followed_by_parameter = |index: usize| segments.get(index + 1).is_some_and(|next| is_parameter(next));
    let mut parts: Vec<Part> = Vec::new();
    let mut bulk = false;
    for (index, segment) in segments.iter().enumerate() {
        if is_parameter(segment) || Some(index) == action_at {
            continue;
        }
        let word = segment.to_ascii_lowercase();
        if word == "bulk" {
            bulk = true;
        } else if owned[index] {
            // The group's resource after other nouns scopes them: `/bgp/neighbors/devices/{id}`
            // in `devices` lists BGP neighbors for a device.
            if followed_by_parameter(index) && parts.iter().any(|p| matches!(p, Part::Noun(_))) {
                parts.push(Part::For(singular(&word)));
            }
        } else if followed_by_parameter(index) && owned[index + 1..].iter().any(|&o| o) {
            // The parent of the group's resource: `GET /users/{id}/teams` in `Teams`.
            parts.push(Part::For(singular(&word)));
        } else if followed_by_parameter(index) {
            parts.push(Part::Noun(singular(&word)));
        } else {
            parts.push(Part::Noun(word));
        }
    }
    // Nouns that qualify a later one read in the singular: `customer_types`; so does what a
    // POST creates (`POST /issuing/cards` -> `create_card`).
    let last_noun = parts.iter().rposition(|p| matches!(p, Part::Noun(_)));
    let creates = op.http_method == "post" && action_at.is_none() && !ends_with_parameter;
    let mut nouns: Vec<String> = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        match part {
            Part::Noun(noun) if Some(index) != last_noun || creates => nouns.push(singular(noun)),
            Part::Noun(noun) => nouns.push(noun.clone()),
            Part::For(parent) => nouns.push(format!("for_{parent}")),
        }
    }
    let mut name: Vec<String> = Vec::new();
    match action_at {
        Some(at) => name.push(action_name(&segments[at].to_ascii_lowercase())),
        None => {
            // A collection: the path ends with a plural or the group's resource, or with the
            // parameter of a `for` scope after a plural.
            let scoped = ends_with_parameter && matches!(parts.last(), Some(Part::For(_)));
            let collection = match (scoped, last_noun.map(|at| &parts[at])) {
                (true, Some(Part::Noun(noun))) => is_plural(noun),
                (true, _) => false,
                (false, _) => {
                    !ends_with_parameter
                        && segments
                            .iter()
                            .rposition(|s| !is_parameter(s))
                            .is_some_and(|at| owned[at] || is_plural(&segments[at].to_ascii_lowercase()))
                }
            };
            let verb = match op.http_method {
                "get" if collection && op.returns_list != Some(false) => "list",
                "get" => "get",
                // `POST /accounts/{account}` changes the item it names (Stripe's updates).
                "post" if ends_with_parameter => "update",
                "post" => "create",
                "put" => "update",
                "patch" => "patch",
                "delete" if collection && !bulk => "delete_all",
                "delete" => "delete",
                other => other,
            };
            if bulk {
                name.push("bulk".into());
            }
            name.push(verb.into());
        }
    }
    name.extend(nouns);
    snake(&name.join(" "))
}

/// A later operation that wants a taken name: `get_status` for `GET /status/{id}` becomes
/// `get_status_by_id`; without a parameter, the name is numbered by the caller.
fn disambiguated(name: &str, op: &OperationKey<'_>) -> String {
    let last_parameter = op.path.split('/').rev().find(|s| is_parameter(s));
    match last_parameter {
        Some(parameter) => format!("{name}_by_{}", snake(parameter).trim_start_matches("r#")),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(tag: &str, group: &str, ops: &[(&str, &str, Option<&str>)], overrides: &[(&str, &str)]) -> Vec<String> {
        let keys: Vec<OperationKey> = ops
            .iter()
            .map(|(m, p, id)| OperationKey { http_method: m, path: p, operation_id: *id, returns_list: None })
            .collect();
        let overrides = overrides.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        method_names(tag, group, &keys, &overrides)
    }

    fn names(tag: &str, ops: &[(&str, &str, Option<&str>)], overrides: &[(&str, &str)]) -> Vec<String> {
        names_in(tag, &snake(tag), ops, overrides)
    }

    const API_KEYS: [(&str, &str, Option<&str>); 6] = [
        ("get", "/api/v1/api-keys", Some("v1_api_keys_get")),
        ("post", "/api/v1/api-keys", Some("v1_api_keys_post")),
        ("get", "/api/v1/api-keys/{appname}", Some("v1_api_keys_appname_get")),
        ("put", "/api/v1/api-keys/{appname}", None),
        ("delete", "/api/v1/api-keys/{appname}", None),
        ("put", "/api/v1/api-keys/{appname}/regen", Some("v1_api_keys_appname_regen_put")),
    ];

    #[test]
    fn machine_made_operation_ids_spell_the_path_and_method() {
        let key = |method, path| OperationKey { http_method: method, path, operation_id: None, returns_list: None };
        assert!(is_machine_made("v1_api_keys_appname_regen_put", &key("put", "/api/v1/api-keys/{appname}/regen")));
        assert!(is_machine_made("v1_customer_access_allowed_ips", &key("get", "/api/v1/customer/access-allowed-ips")));
        // A wrong or misspelt method still ends it: the author did not pick the words.
        assert!(is_machine_made("v1_user_get", &key("post", "/api/v1/user")));
        assert!(is_machine_made("read_items_items__get", &key("get", "/items/")));
        assert!(!is_machine_made("listForOrg", &key("get", "/orgs/{org}/repos")));
        assert!(!is_machine_made("repos/list-for-org", &key("get", "/orgs/{org}/repos")));
        assert!(!is_machine_made("getUser", &key("get", "/users/{user}")));
        let bank_account = key("get", "/v1/accounts/{account}/bank_accounts/{id}");
        assert!(is_machine_made("GetAccountsAccountBankAccountsId", &bank_account));
        assert!(!is_machine_made("GetBankAccount", &bank_account));
        assert!(!is_machine_made("PostAccountsAccountBankAccountsId", &bank_account));
        assert!(!is_machine_made("listIncidentAlerts", &key("get", "/incidents/{id}/alerts")));
    }

    #[test]
    fn authored_operation_ids_lose_their_namespace_and_the_group_words() {
        let github = [
            ("get", "/orgs/{org}/repos", Some("repos/list-for-org")),
            ("get", "/repos/{owner}/{repo}/autolinks/{autolink_id}", Some("repos/get-autolink")),
            ("patch", "/repos/{owner}/{repo}", Some("repos/update")),
            ("get", "/repos/{owner}/{repo}", Some("repos/get")),
        ];
        assert_eq!(names("repos", &github, &[]), ["list_for_org", "get_autolink", "update", "get"]);
        let users = [("get", "/users/{username}", Some("users/get-by-username"))];
        assert_eq!(names("users", &users, &[]), ["get_by_username"]);
        let comments = [("get", "/repos/{owner}/{repo}/comments", Some("repos/list-commit-comments-for-repo"))];
        assert_eq!(names("repos", &comments, &[]), ["list_commit_comments_for_repo"]);
        let pagerduty = [
            ("get", "/incidents/{id}/alerts", Some("listIncidentAlerts")),
            ("post", "/analytics/metrics/incidents/all", Some("getAnalyticsMetricsIncidentsAll")),
        ];
        assert_eq!(names("Incidents", &pagerduty[..1], &[]), ["list_alerts"]);
        assert_eq!(names("Analytics", &pagerduty[1..], &[]), ["get_metrics_incidents_all"]);
    }

    #[test]
    fn derived_names_use_actions_and_do_not_repeat_the_group() {
        assert_eq!(names("API Keys", &API_KEYS, &[]), ["list", "create", "get", "update", "delete", "regenerate"]);
        let devices = [
            ("get", "/api/v1/devices", Some("v1_devices_get")),
            ("post", "/api/v1/device", Some("v1_device_post")),
            ("get", "/api/v1/device/{id}", None),
            ("get", "/api/v1/devices/status", None),
            ("get", "/api/v1/device/status/{id}", None),
            ("get", "/api/v1/bgp/neighbors", None),
            ("get", "/api/v1/bgp/neighbor/{neighborid}", None),
            ("put", "/api/v1/bgp/neighbor/{neighborid}/enable", None),
        ];
        assert_eq!(
            names_in("Traffic Sources - Devices", "devices", &devices, &[]),
            [
                "list",
                "create",
                "get",
                "get_status",
                "get_status_by_id",
                "list_bgp_neighbors",
                "get_bgp_neighbor",
                "enable_bgp_neighbor"
            ]
        );
        let rules = [
            ("get", "/api/v1/rule-engine/rules", None),
            ("put", "/api/v1/rule-engine/rule/{id}/disable", None),
            ("put", "/api/v1/dns-devices/bulkdelete", None),
            ("delete", "/api/v1/labels/ips/bulk", None),
            ("post", "/api/v1/intel/lookup/ips", None),
        ];
        assert_eq!(
            names_in("Rules", "rules", &rules, &[]),
            ["list", "disable", "bulk_delete_dns_devices", "bulk_delete_label_ips", "lookup_intel_ips"]
        );
    }

    #[test]
    fn a_resource_the_group_does_not_name_is_part_of_the_name() {
        let store = [
            ("get", "/store/inventory", None),
            ("post", "/store/order", None),
            ("get", "/store/order/{orderId}", None),
            ("delete", "/store/order/{orderId}", None),
        ];
        assert_eq!(names("store", &store, &[]), ["get_inventory", "create_order", "get_order", "delete_order"]);
        assert_eq!(names("Reports", &[("get", "/report/pdf", None)], &[]), ["get_pdf"]);
        assert_eq!(names("Teams", &[("get", "/users/{id}/teams", None)], &[]), ["list_for_user"]);
        assert_eq!(names("Devices", &[("get", "/devices/{id}/ports/{port}", None)], &[]), ["get_port"]);
        assert_eq!(names("Files", &[("get", "/files/{name}.{format}", None)], &[]), ["get"]);
        assert_eq!(names("Things", &[("get", "/things/{id}/override", None)], &[]), ["get_override"], "keyword-safe");
        assert_eq!(names("Pets", &[("get", "/pet/{petId}", None)], &[]), ["get"], "plural tag, singular path");
    }

    /// Each name depends on its own operation only: adding or removing operations (even
    /// ones on other paths of the group) leaves the others' names as they are.
    #[test]
    fn names_do_not_depend_on_the_other_operations() {
        let all = names("API Keys", &API_KEYS, &[]);
        for skipped in 0..API_KEYS.len() {
            let mut fewer = API_KEYS.to_vec();
            fewer.remove(skipped);
            let mut expected = all.clone();
            expected.remove(skipped);
            assert_eq!(names("API Keys", &fewer, &[]), expected, "without operation {skipped}");
        }
        let mut more = API_KEYS.to_vec();
        more.insert(0, ("get", "/api/v2/stats", None));
        more.insert(0, ("get", "/other/{id}/usage", None));
        assert_eq!(names("API Keys", &more, &[])[2..], all);
    }

    #[test]
    fn a_later_colliding_operation_gets_a_longer_name_and_the_first_keeps_its_own() {
        let colliding =
            [("get", "/api/v1/api-keys/{appname}", Some("getKey")), ("get", "/api/v2/api-keys/{id}", Some("getKey"))];
        assert_eq!(names("API Keys", &colliding, &[]), ["get", "get_by_id"]);
        let no_ids = [("get", "/a/{id}", None), ("get", "/a/{id}", None), ("get", "/a/{id}", None)];
        assert_eq!(names("a", &no_ids, &[]), ["get", "get_by_id", "get_by_id_2"]);
        // An override is taken first: the derived name that equals it goes to the fallback.
        let overridden = [("get", "/a/{id}", Some("first")), ("get", "/a/{id}/x", Some("second"))];
        assert_eq!(names("a", &overridden, &[("second", "get")]), ["first", "get"]);
    }

    /// `list` is for what answers a list: GitHub's `GET /rate_limit` answers one object.
    #[test]
    fn a_collection_that_answers_one_object_is_got_not_listed() {
        let op = |returns_list| OperationKey {
            http_method: "get",
            path: "/rate_limit",
            operation_id: Some("rate-limit/get"),
            returns_list,
        };
        let name = |returns_list| method_names("rate-limit", "rate_limit", &[op(returns_list)], &BTreeMap::new());
        assert_eq!(name(Some(false)), ["get"]);
        assert_eq!(name(Some(true)), ["list"]);
        assert_eq!(name(None), ["list"]);
    }

    /// A tag and an operationId that spell the group's name differently (a hyphen, a space,
    /// case, a plural) still meet: its words leave the method name.
    #[test]
    fn the_groups_name_spelled_as_one_word_leaves_the_method_name() {
        let ops = [("get", "/hooks", Some("listWebhook")), ("get", "/hooks/{id}", Some("getWebhook"))];
        assert_eq!(names("Web-hooks", &ops, &[]), ["list", "get"]);
        let ops = [("post", "/hooks", Some("createWebHooks")), ("get", "/hooks/{id}/pings", Some("listWebHookPings"))];
        assert_eq!(names("Webhooks", &ops, &[]), ["create", "list_pings"]);
    }
}
