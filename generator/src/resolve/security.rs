//! Security: the schemes of `components/securitySchemes`, and what each operation requires
//! (its own `security`, else the document's).

use serde_json::Value;

use crate::error::{pointer_join, Warning};
use crate::model::{ParamLocation, SecurityScheme, SecuritySchemeKind};

/// The declared schemes, in the spec's order. A scheme the client cannot carry falls back
/// to a bearer token, with a warning.
pub fn security_schemes(document: &Value, warnings: &mut Vec<Warning>) -> Vec<SecurityScheme> {
    let declared = document.pointer("/components/securitySchemes").and_then(Value::as_object);
    let mut schemes = Vec::new();
    for (name, scheme) in declared.into_iter().flatten() {
        let pointer = pointer_join("/components/securitySchemes", &[name]);
        if scheme.get("$ref").is_some() {
            warnings.push(Warning::new(&pointer, "a security scheme given by `$ref` is not followed; it is skipped"));
            continue;
        }
        let text = |key: &str| scheme.get(key).and_then(Value::as_str);
        // `parse` made each scheme one of the four kinds, with the members its kind needs.
        let kind = match text("type") {
            Some("apiKey") => {
                let location = match text("in") {
                    Some("query") => ParamLocation::Query,
                    Some("cookie") => ParamLocation::Cookie,
                    _ => ParamLocation::Header,
                };
                SecuritySchemeKind::ApiKey { location, name: text("name").unwrap_or_default().to_string() }
            }
            Some("http") => match text("scheme").unwrap_or_default().to_ascii_lowercase().as_str() {
                "bearer" => SecuritySchemeKind::Bearer,
                "basic" => SecuritySchemeKind::Basic,
                other => {
                    warnings.push(Warning::new(
                        &pointer,
                        format!("HTTP scheme `{other}` is not supported; its operations send a bearer token"),
                    ));
                    SecuritySchemeKind::Bearer
                }
            },
            Some("oauth2") => match scheme.pointer("/flows/clientCredentials/tokenUrl").and_then(Value::as_str) {
                Some(token_url) => SecuritySchemeKind::OAuth2ClientCredentials { token_url: token_url.to_string() },
                None => SecuritySchemeKind::Bearer,
            },
            _ => SecuritySchemeKind::Bearer,
        };
        schemes.push(SecurityScheme { name: name.clone(), kind, doc: text("description").map(String::from) });
    }
    schemes
}

/// What an operation at `pointer` requires: alternatives of scheme names used together.
/// `None` when neither the operation nor the document says. An alternative naming an
/// undeclared scheme can never be met: it is dropped, with a warning.
pub fn requirement(
    own: Option<&[Value]>,
    document: Option<&[Value]>,
    schemes: &[SecurityScheme],
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Vec<Vec<String>>> {
    let (requirements, at) = match (own, document) {
        (Some(own), _) => (own, format!("{pointer}/security")),
        (None, Some(document)) => (document, "/security".to_string()),
        (None, None) => return None,
    };
    let mut alternatives = Vec::new();
    for (index, requirement) in requirements.iter().enumerate() {
        let names: Vec<String> = requirement.as_object().map(|r| r.keys().cloned().collect()).unwrap_or_default();
        match names.iter().find(|name| !schemes.iter().any(|s| &s.name == *name)) {
            Some(unknown) => warnings.push(Warning::new(
                format!("{at}/{index}"),
                format!("security scheme `{unknown}` is not declared in components/securitySchemes; this alternative is ignored"),
            )),
            None if !alternatives.contains(&names) => alternatives.push(names),
            None => {}
        }
    }
    Some(alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{}}"#;

    #[test]
    fn every_kind_of_scheme_is_read() {
        let mut document: serde_json::Value = serde_json::from_str(BASE).unwrap();
        document["components"] = serde_json::json!({"securitySchemes": {
            "Bearer": {"type": "http", "scheme": "Bearer"},
            "Basic": {"type": "http", "scheme": "basic", "description": "user and password"},
            "Key": {"type": "apiKey", "in": "query", "name": "api_key"},
            "Cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            "Machine": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {}}}},
            "User": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://auth.example.com", "scopes": {}}}},
            "Oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.example.com/.well-known"},
            "Digest": {"type": "http", "scheme": "digest"}
        }});
        let mut warnings = Vec::new();
        let schemes = security_schemes(&document, &mut warnings);
        let kinds: Vec<(&str, &SecuritySchemeKind)> = schemes.iter().map(|s| (s.name.as_str(), &s.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("Bearer", &SecuritySchemeKind::Bearer),
                ("Basic", &SecuritySchemeKind::Basic),
                ("Key", &SecuritySchemeKind::ApiKey { location: ParamLocation::Query, name: "api_key".into() }),
                ("Cookie", &SecuritySchemeKind::ApiKey { location: ParamLocation::Cookie, name: "session".into() }),
                (
                    "Machine",
                    &SecuritySchemeKind::OAuth2ClientCredentials { token_url: "https://auth.example.com/token".into() }
                ),
                ("User", &SecuritySchemeKind::Bearer),
                ("Oidc", &SecuritySchemeKind::Bearer),
                ("Digest", &SecuritySchemeKind::Bearer),
            ]
        );
        assert_eq!(schemes[1].doc.as_deref(), Some("user and password"));
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["/components/securitySchemes/Digest: HTTP scheme `digest` is not supported; its operations send a bearer token"]
        );
    }

    #[test]
    fn an_operations_own_security_wins_and_unknown_schemes_are_dropped() {
        let schemes = vec![
            SecurityScheme { name: "A".into(), kind: SecuritySchemeKind::Bearer, doc: None },
            SecurityScheme { name: "B".into(), kind: SecuritySchemeKind::Basic, doc: None },
        ];
        let requirement_of = |json: &str| -> Vec<Value> { serde_json::from_str(json).unwrap() };
        let document = requirement_of(r#"[{"A": []}]"#);
        let mut warnings = Vec::new();
        assert_eq!(requirement(None, None, &schemes, "/paths/~1a/get", &mut warnings), None);
        assert_eq!(
            requirement(None, Some(document.as_slice()), &schemes, "/p", &mut warnings),
            Some(vec![vec!["A".into()]])
        );
        let open = requirement_of("[]");
        assert_eq!(
            requirement(Some(open.as_slice()), Some(document.as_slice()), &schemes, "/p", &mut warnings),
            Some(vec![])
        );
        let both = requirement_of(r#"[{"A": [], "B": []}, {}, {"C": []}]"#);
        assert_eq!(
            requirement(Some(both.as_slice()), Some(document.as_slice()), &schemes, "/paths/~1a/get", &mut warnings),
            Some(vec![vec!["A".into(), "B".into()], vec![]])
        );
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["/paths/~1a/get/security/2: security scheme `C` is not declared in components/securitySchemes; this alternative is ignored"]
        );
    }
}
