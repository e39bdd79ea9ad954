//! Settings overrides, by name: `[groups]` by tag, `[methods]` by operationId, `[types]` by
//! generated type name and `Union.Variant`; an override that names nothing is a warning; and
//! the `[client]` and `[pagination]` settings of idempotency keys, event streams and paging.

mod support;

use generator::model::{Api, TypeKind};
use generator::{load, Config};

fn resolve(config: &Config) -> (Api, Vec<String>) {
    let path = support::repo_root().join("generator/tests/fixtures/naming.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let merged = load::merge(&load::parse_file("naming.yaml", &text).unwrap()).unwrap();
    let resolved = generator::resolve::resolve(&merged.document, config).unwrap();
    (resolved.api, resolved.warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn overrides_rename_groups_methods_types_and_variants() {
    let settings = r#"
[groups]
"Traffic Sources - Devices" = "sources"
[methods]
"v1_bgp_neighbors_neighborid_enable_put" = "enable_neighbor"
[types]
"OauthDelegationsCreateSourceRequestAwsKinesis" = "KinesisSource"
"OauthDelegationsCreateSourceRequest.AwsS3" = "S3"
"NoSuchType" = "X"
"OauthDelegationsCreateSourceRequest.Nope" = "Y"
"#;
    let config = Config::from_toml("codegen.toml", settings).unwrap();
    let (api, warnings) = resolve(&config);
    let sources = api.groups.iter().find(|g| g.tag == "Traffic Sources - Devices").unwrap();
    assert_eq!(sources.accessor, "sources");
    assert!(sources.operations.iter().any(|op| op.method_name == "enable_neighbor"));
    assert!(api.types.contains_key("KinesisSource"));
    let TypeKind::Union { variants, .. } = &api.types["OauthDelegationsCreateSourceRequest"].kind else {
        panic!("a union")
    };
    let names: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["AwsKinesis", "S3", "GcpPubsub"]);
    assert!(warnings.iter().any(|w| w.contains("`NoSuchType`: no generated type")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("`OauthDelegationsCreateSourceRequest.Nope`: no such union variant")));
}

#[test]
fn without_settings_the_rules_name_everything() {
    let (api, warnings) = resolve(&Config::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(api.groups.iter().find(|g| g.tag == "Traffic Sources - Devices").unwrap().accessor, "devices");
}

/// `deny-warnings = true`: a spec that needs a fallback is refused, naming the first one.
#[test]
fn deny_warnings_turns_fallbacks_into_an_error() {
    let path = support::repo_root().join("generator/tests/fixtures/degraded.yaml");
    assert!(generator::generate_from_file(&path, &Config::default()).is_ok());
    let config = Config::from_toml("codegen.toml", "deny-warnings = true").unwrap();
    let error = generator::generate_from_file(&path, &config).unwrap_err().to_string();
    assert!(error.contains("`deny-warnings` is set"), "{error}");
    assert!(error.contains("degraded.yaml"), "{error}");
}

/// `strict-refs = true` (the project's own pages): an unresolvable `$ref` is an error, not
/// a `serde_json::Value`.
#[test]
fn strict_refs_refuse_an_unresolvable_reference() {
    let path = support::repo_root().join("generator/tests/fixtures/degraded.yaml");
    let config = Config::from_toml("codegen.toml", "strict-refs = true").unwrap();
    let error = generator::generate_from_file(&path, &config).unwrap_err().to_string();
    assert!(error.contains("#/components/schemas/Missing"), "{error}");
}

fn api_of(fixture: &str, settings: &str) -> (Api, Vec<generator::GeneratedFile>) {
    let path = support::repo_root().join("generator/tests/fixtures").join(fixture);
    let config = Config::from_toml("codegen.toml", settings).unwrap();
    let generated = generator::generate_from_file(&path, &config).unwrap_or_else(|e| panic!("{e}"));
    (generated.api, generated.files)
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a generator::model::Operation {
    api.groups.iter().flat_map(|g| &g.operations).find(|op| op.operation_id.as_deref() == Some(id)).unwrap()
}

/// `[client] idempotency-header`: every POST and PATCH sends a key, declared or not.
#[test]
fn the_idempotency_header_setting_covers_every_post_and_patch() {
    let (api, _) = api_of("hooks_and_idempotency.yaml", "");
    assert_eq!(operation(&api, "createRefund").idempotency_header, None);
    assert_eq!(operation(&api, "createPayment").idempotency_header.as_deref(), Some("Idempotency-Key"));
    let (api, _) = api_of("hooks_and_idempotency.yaml", "[client]\nidempotency-header = \"Idempotency-Key\"\n");
    assert_eq!(operation(&api, "createRefund").idempotency_header.as_deref(), Some("Idempotency-Key"));
    assert_eq!(operation(&api, "getPayment").idempotency_header, None, "GETs need none");
}

/// `[client] event-stream-end`: the marker every stream of the crate ends at.
#[test]
fn the_event_stream_end_setting_becomes_the_crate_default() {
    let (_, files) = api_of("event_streams.yaml", "[client]\nevent-stream-end = \"[DONE]\"\n");
    let lib = files.iter().find(|f| f.path == "src/lib.rs").unwrap();
    assert!(lib.contents.contains(r#"pub const EVENT_STREAM_END: Option<&str> = Some("[DONE]");"#), "{}", lib.contents);
}

/// `[pagination.<operationId>]`: paging for a spec that does not say, or none at all.
#[test]
fn pagination_settings_override_the_conventions() {
    let (api, _) = api_of("pagination.yaml", "");
    assert!(operation(&api, "listEvents").pagination.is_some());
    assert!(operation(&api, "listLogs").pagination.is_none());
    assert!(operation(&api, "listLogs").pagination_note.as_deref().unwrap().contains("no response member"));
    let settings = "[pagination.listEvents]\nstyle = \"none\"\n\n[pagination.listLogs]\nstyle = \"offset\"\nparam = \"cursor\"\nitems = \"lines\"\n";
    let (api, _) = api_of("pagination.yaml", settings);
    assert!(operation(&api, "listEvents").pagination.is_none(), "`none` turns the convention off");
    let logs = operation(&api, "listLogs").pagination.as_ref().expect("paged by the settings");
    assert!(logs.source.contains("settings"), "{}", logs.source);
    assert!(matches!(&logs.style, generator::model::PagingStyle::Counter { param, .. } if param == "cursor"));
}

/// `fixtures/naming_round_two.yaml`: a group's name spelled as one word in its operationIds
/// leaves them, tags equal but for case are one group, and `list` is for lists only.
#[test]
fn words_spelled_differently_meet_and_list_is_for_lists() {
    let path = support::repo_root().join("generator/tests/fixtures/naming_round_two.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap();
    let methods = |accessor: &str| -> Vec<String> {
        let group =
            generated.api.groups.iter().find(|g| g.accessor == accessor).unwrap_or_else(|| panic!("{accessor}"));
        group.operations.iter().map(|op| op.method_name.clone()).collect()
    };
    assert_eq!(methods("web_hooks"), ["list", "create", "get"]);
    assert_eq!(methods("widgets"), ["list", "delete"]);
    assert_eq!(methods("rate_limit"), ["get"]);
    let accessors: Vec<&str> = generated.api.groups.iter().map(|g| g.accessor.as_str()).collect();
    assert_eq!(accessors, ["web_hooks", "widgets", "rate_limit"]);
}

/// `fixtures/untagged_by_path.yaml`: more than 15 untagged operations are grouped by the
/// resource their paths name, and machine-made operationIds give way to names from the path.
#[test]
fn untagged_operations_are_grouped_by_their_paths() {
    use generator::model::GroupOrigin;
    let path = support::repo_root().join("generator/tests/fixtures/untagged_by_path.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap();
    let group = |accessor: &str| {
        generated.api.groups.iter().find(|g| g.accessor == accessor).unwrap_or_else(|| panic!("{accessor}"))
    };
    let methods = |accessor: &str| -> Vec<String> {
        group(accessor).operations.iter().map(|op| op.method_name.clone()).collect()
    };
    let accessors: Vec<&str> = generated.api.groups.iter().map(|g| g.accessor.as_str()).collect();
    assert_eq!(accessors, ["accounts", "customers", "balance", "operations"]);
    assert_eq!(
        methods("accounts"),
        [
            "list",
            "create",
            "get",
            "update",
            "delete",
            "list_bank_accounts",
            "create_bank_account",
            "get_bank_account",
            "delete_bank_account",
            "reject",
            "list_people",
        ]
    );
    assert_eq!(methods("customers"), ["list", "search", "get", "update"]);
    assert_eq!(methods("balance"), ["get"]);
    assert_eq!(methods("operations"), ["get_root"]);
    assert_eq!(group("accounts").origin, GroupOrigin::Path("/accounts".into()));
    // One of its operations is tagged `Customers`: the group is that tag's.
    assert_eq!(group("customers").origin, GroupOrigin::Tag);
    assert_eq!(group("operations").origin, GroupOrigin::Untagged);
}

/// `fixtures/union_member_names.yaml`: union members named by what they hold.
#[test]
fn union_members_are_named_by_what_they_hold() {
    let path = support::repo_root().join("generator/tests/fixtures/union_member_names.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap();
    let unions: Vec<Vec<String>> = generated
        .api
        .types
        .values()
        .filter_map(|def| match &def.kind {
            generator::model::TypeKind::Union { variants, .. } => {
                Some(variants.iter().map(|v| v.rust_name.clone()).collect())
            }
            _ => None,
        })
        .collect();
    let expected: [&[&str]; 4] = [
        &["String", "Object"],
        &["NameDataType", "SingleSelectOptions", "IterationStartIterationDays"],
        &["Labels", "NameColor", "String", "Array", "Variant5", "Variant6"],
        &["Completed", "QueuedOrInProgress"],
    ];
    assert_eq!(unions, expected);
}
