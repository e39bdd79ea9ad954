//! One small spec per OpenAPI construct (`tests/fixtures/*.yaml`), each with an insta
//! snapshot of the Rust it becomes; all of them are compiled, warnings denied.

mod support;

use generator::Config;

#[test]
fn every_fixture_generates_the_expected_rust_and_compiles() {
    let dir = support::repo_root().join("generator/tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"));
    paths.sort();
    assert!(!paths.is_empty());
    let mut crates = Vec::new();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().replace('_', "-");
        let mut config = Config::default();
        config.krate.name = format!("fixture-{name}");
        let behaviour =
            dir.join("../fixture_behaviour").join(format!("{}.rs", path.file_stem().unwrap().to_string_lossy()));
        if behaviour.exists() {
            config.krate.dev_dependencies.insert("wiremock".into(), toml::Value::String("0.6".into()));
        }
        let generated = generator::generate_from_file(&path, &config).unwrap_or_else(|e| panic!("{e}"));
        // The runtime and Cargo.toml are the same for every fixture: snapshot what differs.
        let mut emitted = String::new();
        for file in generated.files.iter().filter(|f| f.path == "src/types.rs" || !is_runtime_or_manifest(&f.path)) {
            emitted.push_str(&format!("// ---- {} ----\n{}\n", file.path, file.contents));
        }
        if !generated.warnings.is_empty() {
            emitted.push_str(&format!(
                "// ---- warnings ----\n// {}\n",
                generated.warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n// ")
            ));
        }
        insta::assert_snapshot!(format!("fixture__{name}"), emitted);
        let mut generated = generated;
        if behaviour.exists() {
            // A hand-written test of the fixture client's behaviour, run in its crate.
            let contents = std::fs::read_to_string(&behaviour).unwrap();
            generated.files.push(generator::GeneratedFile { path: "tests/behaviour.rs".into(), contents });
        }
        crates.push((format!("fixture-{name}"), generated));
    }
    if let Err(output) = support::compile_crates("fixtures", &crates, &["clippy", "--all-targets", "--all-features"]) {
        panic!("generated fixture crates do not compile cleanly:\n{output}");
    }
    if let Err(output) = support::compile_crates("fixtures", &crates, &["test", "--all-features"]) {
        panic!("fixture behaviour tests fail:\n{output}");
    }
    // Each tag is a cargo feature: a crate built for one tag alone compiles cleanly too.
    for (name, generated) in &crates {
        let first_group = generated.api.groups.first().map(|g| g.module.as_str());
        if let (Some(feature), true) = (first_group, generated.api.groups.len() > 1) {
            let args = ["clippy", "-p", name, "--no-default-features", "--features", feature];
            if let Err(output) = support::cargo_in("fixtures", &args) {
                panic!("{name} with only the `{feature}` feature does not compile cleanly:\n{output}");
            }
        }
    }
}

fn is_runtime_or_manifest(path: &str) -> bool {
    path == "Cargo.toml" || generator::emit::RUNTIME.iter().any(|module| module.path() == path)
}

/// Spec text is data: a description, title, tag or name crafted to close a doc comment or
/// string and declare a function ends up inside literals, never as code.
#[test]
fn hostile_spec_text_cannot_inject_code() {
    let path = support::repo_root().join("generator/tests/fixtures/hostile_docs.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap();
    let mut idents = Vec::new();
    for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let parsed: syn::File = syn::parse_str(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        collect_idents(quote::ToTokens::into_token_stream(parsed), &mut idents);
        assert!(file.contents.contains("injected_fn") || !file.path.ends_with("types.rs"), "the text is kept as docs");
    }
    assert!(!idents.is_empty());
    assert!(!idents.iter().any(|i| i == "injected_fn"), "spec text became code");
}

fn collect_idents(tokens: proc_macro2::TokenStream, into: &mut Vec<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => into.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), into),
            _ => {}
        }
    }
}

/// One API written in Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 (`versions_*.yaml`) generates
/// one client: the conversions lose nothing a 3.0 spec says.
#[test]
fn one_api_in_three_versions_generates_the_same_client() {
    let dir = support::repo_root().join("generator/tests/fixtures");
    let generate = |file: &str| {
        let mut config = Config::default();
        config.krate.name = "pets-client".into();
        let generated = generator::generate_from_file(&dir.join(file), &config).unwrap_or_else(|e| panic!("{e}"));
        assert!(generated.warnings.is_empty(), "{file}: {:?}", generated.warnings);
        generated.files
    };
    let expected = generate("versions_openapi30.yaml");
    for file in ["versions_swagger2.yaml", "versions_openapi31.yaml"] {
        let files = generate(file);
        let paths = |files: &[generator::GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&files), paths(&expected), "{file}");
        for (got, want) in files.iter().zip(&expected) {
            if got.contents != want.contents {
                let first = got.contents.lines().zip(want.contents.lines()).position(|(a, b)| a != b).unwrap_or(0);
                panic!(
                    "{file}: {} differs from the OpenAPI 3.0 version's at line {}:\n  got:  {}\n  want: {}",
                    got.path,
                    first + 1,
                    got.contents.lines().nth(first).unwrap_or(""),
                    want.contents.lines().nth(first).unwrap_or("")
                );
            }
        }
    }
}

/// `model::CRATE_ROOT_NAMES` is the one list of names the crate root declares: every item of
/// the `lib.rs` generated for `crate_root_names.yaml` (which uses every runtime part) is a
/// group's handle or module, or on the list; and everything on the list is declared there,
/// except `Operation`, which group modules import from the runtime under that name.
#[test]
fn crate_root_names_are_one_list() {
    let path = support::repo_root().join("generator/tests/fixtures/crate_root_names.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let lib = generated.files.iter().find(|f| f.path == "src/lib.rs").unwrap();
    let parsed: syn::File = syn::parse_str(&lib.contents).unwrap();
    let mut declared: Vec<String> = Vec::new();
    for item in &parsed.items {
        match item {
            syn::Item::Use(item) => use_leaves(&item.tree, &mut declared),
            syn::Item::Type(item) => declared.push(item.ident.to_string()),
            syn::Item::Const(item) => declared.push(item.ident.to_string()),
            syn::Item::Static(item) => declared.push(item.ident.to_string()),
            syn::Item::Mod(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                declared.push(item.ident.to_string())
            }
            _ => {}
        }
    }
    let groups = &generated.api.groups;
    for name in &declared {
        let of_group = groups.iter().any(|g| &g.struct_name == name || &g.module == name);
        assert!(
            of_group || generator::model::CRATE_ROOT_NAMES.contains(&name.as_str()),
            "lib.rs declares `{name}`, which CRATE_ROOT_NAMES does not list"
        );
    }
    for name in generator::model::CRATE_ROOT_NAMES.iter().filter(|n| **n != "Operation") {
        assert!(declared.iter().any(|d| d == name), "`{name}` is listed but lib.rs does not declare it");
    }
    // The fixture has a tag and a schema per name (constants aside: no handle or type is
    // spelled in capitals; and modules, `mock` and `types`, which are `RESERVED_MODULES`), so
    // a name added to the list is generated here too.
    let spec = std::fs::read_to_string(&path).unwrap();
    for name in generator::model::CRATE_ROOT_NAMES.iter().filter(|n| n.chars().any(|c| c.is_ascii_lowercase())) {
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            assert!(spec.contains(&format!("tags: [{name}]")), "crate_root_names.yaml has no tag `{name}`");
            assert!(spec.contains(&format!("\n    {name}:\n")), "crate_root_names.yaml has no schema `{name}`");
        }
    }
    // Each tag named like a crate-root item kept its handle clear of it.
    assert_eq!(groups.iter().find(|g| g.tag == "Items").map(|g| g.struct_name.as_str()), Some("ItemsApi"));
}

/// `model::TYPE_METHODS` is the one list of methods a setter must not hide:
/// `member_names.yaml` has a member named after each (its behaviour test calls every setter
/// and the traits' methods), and each of those setters is `with_<name>`.
#[test]
fn member_names_cover_every_type_method() {
    let path = support::repo_root().join("generator/tests/fixtures/member_names.yaml");
    let generated = generator::generate_from_file(&path, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let Some(generator::model::TypeKind::Struct { fields, .. }) = generated.api.types.get("Members").map(|t| &t.kind)
    else {
        panic!("member_names.yaml declares the struct `Members`");
    };
    for name in generator::model::TYPE_METHODS {
        let field = fields.iter().find(|f| f.rust_name == name);
        assert_eq!(field.map(|f| f.setter_name.clone()), Some(format!("with_{name}")), "member `{name}`");
    }
}

fn use_leaves(tree: &syn::UseTree, into: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, into),
        syn::UseTree::Name(name) => into.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => into.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|item| use_leaves(item, into)),
        syn::UseTree::Glob(_) => {}
    }
}
