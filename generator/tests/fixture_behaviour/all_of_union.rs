//! A union inside `allOf` keeps the other members in every alternative: an instance with
//! the shared members and one alternative's decodes, and encodes back, whole.

use fixture_all_of_union::types::{Delay, NamedShape};

#[test]
fn the_shared_members_reach_every_alternative() {
    let uniform = serde_json::json!({"type": "uniform", "lower": 1, "upper": 5, "fixedDelay": 500.0});
    let delay: Delay = serde_json::from_value(uniform.clone()).unwrap();
    let Delay::Uniform(ref inner) = delay else { panic!("{delay:?}") };
    assert_eq!((inner.fixed_delay, inner.upper), (Some(500.0), Some(5)));
    assert_eq!(serde_json::to_value(&delay).unwrap(), uniform);

    let log_normal = serde_json::json!({"type": "lognormal", "median": 80, "sigma": 0.4, "fixedDelay": 20.0});
    let delay: Delay = serde_json::from_value(log_normal.clone()).unwrap();
    assert!(matches!(delay, Delay::LogNormal(ref d) if d.fixed_delay == Some(20.0) && d.median == Some(80)));
    assert_eq!(serde_json::to_value(&delay).unwrap(), log_normal);
}

#[test]
fn a_union_by_ref_keeps_its_discriminator_and_names() {
    let square = serde_json::json!({"kind": "square", "side": 2.0, "name": "tile"});
    let shape: NamedShape = serde_json::from_value(square.clone()).unwrap();
    assert!(matches!(shape, NamedShape::Square(ref s) if s.name == "tile" && s.side == Some(2.0)));
    assert_eq!(serde_json::to_value(&shape).unwrap(), square);
    let circle: NamedShape = serde_json::from_value(serde_json::json!({"kind": "circle", "name": "c"})).unwrap();
    assert!(matches!(circle, NamedShape::Circle(ref c) if c.name == "c"));
}
