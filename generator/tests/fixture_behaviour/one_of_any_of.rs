//! Unions decode by discriminator (with its mapping) or by shape, and keep what they do not know.

use fixture_one_of_any_of::types::{
    AdditionalData, Cat, CloudConfig, Dog, MetricsGetSeriesResponse, Payment, Pet, PetsDrawShapeRequest,
};

// Response types: built with `new` and their fields.
fn dog_of(pet_type: &str, bark: &str) -> Dog {
    let mut dog = Dog::new(pet_type);
    dog.bark = Some(bark.into());
    dog
}

fn cat_of(pet_type: &str, lives: i32) -> Cat {
    let mut cat = Cat::new(pet_type);
    cat.lives = Some(lives);
    cat
}

#[test]
fn the_discriminator_and_its_mapping_pick_the_variant() {
    // Two values select `Dog`: each is a variant of its own, so the value decoded is kept.
    let dog: Pet = serde_json::from_str(r#"{"pet_type":"doggo","bark":"woof"}"#).unwrap();
    assert_eq!(dog, Pet::Doggo(dog_of("doggo", "woof")));
    let dog: Pet = serde_json::from_str(r#"{"pet_type":"dog","bark":"woof"}"#).unwrap();
    assert_eq!(dog, Pet::Dog(dog_of("dog", "woof")));
    let cat: Pet = serde_json::from_str(r#"{"pet_type":"cat","lives":9}"#).unwrap();
    assert_eq!(cat, Pet::Cat(cat_of("cat", 9)));
    let lizard: Pet = serde_json::from_str(r#"{"pet_type":"Lizard"}"#).unwrap();
    assert!(matches!(lizard, Pet::Lizard(_)));
    let unknown: Pet = serde_json::from_str(r#"{"pet_type":"parrot","talks":true}"#).unwrap();
    assert!(matches!(unknown, Pet::Other(ref v) if v["talks"] == true));
    // Serialized as the variant itself, tag included.
    assert_eq!(serde_json::to_value(&cat).unwrap(), serde_json::json!({"pet_type":"cat","lives":9}));
}

#[test]
fn untagged_unions_take_the_first_variant_that_fits() {
    let series: MetricsGetSeriesResponse = serde_json::from_str("[1.5, 2]").unwrap();
    assert_eq!(series, MetricsGetSeriesResponse::Array(vec![1.5, 2.0]));
    let table: MetricsGetSeriesResponse = serde_json::from_str(r#"{"columns":["a"]}"#).unwrap();
    assert!(matches!(table, MetricsGetSeriesResponse::SeriesTable(_)));
    let text: MetricsGetSeriesResponse = serde_json::from_str(r#""csv""#).unwrap();
    assert_eq!(text, MetricsGetSeriesResponse::String("csv".into()));
    let aws: CloudConfig = serde_json::from_str(r#"{"region":"eu-west-1"}"#).unwrap();
    assert!(matches!(aws, CloudConfig::AwsConfig(_)));
    let other: CloudConfig = serde_json::from_str("42").unwrap();
    assert!(matches!(other, CloudConfig::Other(_)));
}

/// A variant whose members lack the discriminator is still encoded with its tag: a request
/// never loses it.
#[test]
fn a_variant_is_encoded_with_its_tag_even_when_its_members_lack_it() {
    let drawn: PetsDrawShapeRequest = serde_json::from_str(r#"{"kind":"square","side":2.0}"#).unwrap();
    assert!(matches!(drawn, PetsDrawShapeRequest::Square(_)));
    assert_eq!(serde_json::to_value(&drawn).unwrap(), serde_json::json!({"kind":"square","side":2.0}));
    // `block` selects `Square` too, whose members lack `kind`: the variant keeps which it was.
    let block: PetsDrawShapeRequest = serde_json::from_str(r#"{"kind":"block","side":3.0}"#).unwrap();
    assert!(matches!(block, PetsDrawShapeRequest::Block(_)));
    assert_eq!(serde_json::to_value(&block).unwrap(), serde_json::json!({"kind":"block","side":3.0}));
}

/// An `anyOf` of open objects one of which requires nothing is one object: a value carrying
/// the members of two groups and a key neither declares keeps all three, both ways.
#[test]
fn groups_of_optional_keys_are_one_object_that_keeps_every_group() {
    let sent = serde_json::json!({"amount": 5, "additionalData": {
        "card.bin": "411111", "airline.passenger_name": "Ann Lee", "riskdata.score": "7"}});
    let payment: Payment = serde_json::from_value(sent.clone()).unwrap();
    let data = payment.additional_data.as_ref().unwrap();
    assert_eq!(data.card_bin.as_deref(), Some("411111"));
    assert_eq!(data.airline_passenger_name.as_deref(), Some("Ann Lee"));
    assert_eq!(data.additional_properties["riskdata.score"], "7");
    assert_eq!(serde_json::to_value(&payment).unwrap(), sent);

    // Built by a caller: every group's member is an optional field.
    let mut data = AdditionalData::default();
    data.shared_reference = Some("r-1".into());
    data.airline_passenger_name = Some("Ann Lee".into());
    let mut payment = Payment::new();
    payment.additional_data = Some(data);
    assert_eq!(
        serde_json::to_value(&payment).unwrap(),
        serde_json::json!({"additionalData": {"airline.passenger_name": "Ann Lee", "shared.reference": "r-1"}})
    );
}
