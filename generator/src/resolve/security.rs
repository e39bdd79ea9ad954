//! Security: the schemes of `components/securitySchemes`, and what each operation requires
//! (its own `security`, else the document's).

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

use crate::error::{pointer_join, Warning};
use crate::model::{ParamLocation, SecurityScheme, SecuritySchemeKind};

/// The declared schemes, in the spec's order. A scheme the client cannot carry falls back
/// to a bearer token, with a warning.
pub fn security_schemes(openapi: &OpenAPI, warnings: &mut Vec<Warning>) -> Vec<SecurityScheme> {
    let Some(components) = &openapi.components else { return Vec::new() };
    let mut schemes = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = pointer_join("/components/securitySchemes", &[name]);
        let ReferenceOr::Item(scheme) = scheme else {
            warnings.push(Warning::new(&pointer, "a security scheme given by `$ref` is not followed; it is skipped"));
            continue;
        };
        let (kind, doc) = match scheme {
            openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (SecuritySchemeKind::ApiKey { location, name: name.clone() }, description)
            }
            openapiv3::SecurityScheme::HTTP { scheme: http_scheme, description, .. } => {
                let kind = match http_scheme.to_ascii_lowercase().as_str() {
                    "bearer" => SecuritySchemeKind::Bearer,
                    "basic" => SecuritySchemeKind::Basic,
                    other => {
                        warnings.push(Warning::new(
                            &pointer,
                            format!("HTTP scheme `{other}` is not supported; its operations send a bearer token"),
                        ));
                        SecuritySchemeKind::Bearer
                    }
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::OAuth2 { flows, description, .. } => {
                let kind = match &flows.client_credentials {
                    Some(flow) => SecuritySchemeKind::OAuth2ClientCredentials { token_url: flow.token_url.clone() },
                    None => SecuritySchemeKind::Bearer,
                };
                (kind, description)
            }
            openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (SecuritySchemeKind::Bearer, description),
        };
        schemes.push(SecurityScheme { name: name.clone(), kind, doc: doc.clone() });
    }
    schemes
}

/// What an operation at `pointer` requires: alternatives of scheme names used together.
/// `None` when neither the operation nor the document says. An alternative naming an
/// undeclared scheme can never be met: it is dropped, with a warning.
pub fn requirement(
    own: Option<&Vec<SecurityRequirement>>,
    document: Option<&Vec<SecurityRequirement>>,
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
        let names: Vec<String> = requirement.keys().cloned().collect();
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

    fn parse(document: serde_json::Value) -> OpenAPI {
        serde_json::from_value(document).unwrap()
    }

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
        let schemes = security_schemes(&parse(document), &mut warnings);
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
        let requirement_of = |json: &str| -> Vec<SecurityRequirement> { serde_json::from_str(json).unwrap() };
        let document = requirement_of(r#"[{"A": []}]"#);
        let mut warnings = Vec::new();
        assert_eq!(requirement(None, None, &schemes, "/paths/~1a/get", &mut warnings), None);
        assert_eq!(requirement(None, Some(&document), &schemes, "/p", &mut warnings), Some(vec![vec!["A".into()]]));
        let open = requirement_of("[]");
        assert_eq!(requirement(Some(&open), Some(&document), &schemes, "/p", &mut warnings), Some(vec![]));
        let both = requirement_of(r#"[{"A": [], "B": []}, {}, {"C": []}]"#);
        assert_eq!(
            requirement(Some(&both), Some(&document), &schemes, "/paths/~1a/get", &mut warnings),
            Some(vec![vec!["A".into(), "B".into()], vec![]])
        );
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["/paths/~1a/get/security/2: security scheme `C` is not declared in components/securitySchemes; this alternative is ignored"]
        );
    }
}
