//! A program written against the client generated from `base.yaml`, as a user writes one:
//! it builds request and response types (the way tests and mocks do), matches every enum
//! and union, calls every method with its setters and reads every field. `cargo xtask
//! compat` compiles it against the client generated after each change of its table.

use compat_client::types::{Circle, Color, Job, Shape, Square, Widget, WidgetCreate};
use compat_client::widgets::CreateResponse;
use compat_client::{Client, Error};

fn main() {
    let request = new_widget();
    let widget = stored_widget();
    println!("{request:?} {} {}", describe(&widget), shape_area(&Shape::Square(Square::new(2.0))));
    let _calls = calls;
}

/// A request body: the required members in `new`, an optional one by its setter.
fn new_widget() -> WidgetCreate {
    let mut body = WidgetCreate::new("gear", vec![1, 2]).color(Color::Red).note("spare");
    body.sizes.push(3);
    body
}

/// A response, as a test or a mock builds one: `new`, then its fields.
fn stored_widget() -> Widget {
    let mut widget = Widget::new("w1", "gear");
    widget.color = Some(Color::Green);
    widget.shape = Some(Shape::Circle(Circle::new(1.5)));
    widget.note = Some("spare".into());
    widget
}

/// Reading every field.
fn describe(widget: &Widget) -> String {
    let id: &String = &widget.id;
    let name: &str = &widget.name;
    let color: Option<&Color> = widget.color.as_ref();
    let note: Option<&String> = widget.note.as_ref();
    let area = widget.shape.as_ref().map(shape_area);
    format!("{id} {name} {} {note:?} {area:?}", color.map(color_name).unwrap_or("none"))
}

/// An enum matched value by value; `_` covers the values a later spec adds.
fn color_name(color: &Color) -> &'static str {
    match color {
        Color::Red => "red",
        Color::Green => "green",
        _ => "another color",
    }
}

/// A union matched variant by variant.
fn shape_area(shape: &Shape) -> f64 {
    match shape {
        Shape::Circle(circle) => 3.14 * circle.radius * circle.radius,
        Shape::Square(square) => square.side * square.side,
        _ => 0.0,
    }
}

/// Every method, with its arguments and setters; the statuses of a call with several.
async fn calls(client: Client) -> Result<(), Error> {
    let listed: Vec<Widget> = client.widgets().list().limit(10).await?;
    let created = client.widgets().create(&new_widget()).await?;
    let created: Option<Widget> = match created {
        CreateResponse::Created(widget) => Some(widget),
        CreateResponse::Accepted(job) => {
            let job: Job = job;
            println!("queued as {:?}", job.id);
            None
        }
        _ => None,
    };
    let fetched: Widget = client.widgets().get("w1").await?;
    println!("{} {created:?} {}", listed.len(), describe(&fetched));
    Ok(())
}
