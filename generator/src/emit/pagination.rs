//! `.stream()` and `.pages()` on the call builder of an operation that pages: the code that
//! finds the items of a page and the way to the next one, typed through the response's
//! fields (`Option` chains, never a second parse).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{ident, rust_type};
use crate::model::{Counting, FieldStep, Operation, Pagination, PagingStyle};

/// The two builder methods, given the response type `returns`.
pub fn paging_methods(op: &Operation, pagination: &Pagination, returns: &TokenStream) -> TokenStream {
    let prefix = quote!(types::);
    let item = rust_type(&pagination.item_type, &prefix);
    let items = owned_chain(&pagination.items);
    let next = next_page(pagination);
    let stream_doc = docs::outer(&format!(
        "Every item of every page, in order, each page fetched when the items before it have been read \
         (paging by {}). Dropping the stream stops; a page that fails ends it with the error. Each page is \
         sent with this call's parameters, retry policy and timeout.",
        pagination.source
    ));
    let pages_doc = docs::outer(&format!(
        "Every page of `{}`, whole and with its status and headers, fetched one by one as they are read.",
        op.method_name.trim_start_matches("r#")
    ));
    quote! {
        #stream_doc
        pub fn stream(self) -> crate::Items<'c, #returns, #item> {
            crate::pagination::Items::new(self.pages(), |body| #items)
        }

        #pages_doc
        pub fn pages(self) -> crate::Pages<'c, #returns> {
            crate::pagination::Pages::new(self.0, |body, headers| { #next })
        }
    }
}

/// One sentence for the method's docs.
pub fn paging_note(op: &Operation) -> Option<String> {
    match (&op.pagination, &op.pagination_note) {
        (Some(pagination), _) => Some(format!(
            "Paged (by {}): `.stream()` on the returned builder yields every item of every page, `.pages()` every page.",
            pagination.source
        )),
        (None, Some(note)) => Some(format!("Not paged automatically: {note}.")),
        (None, None) => None,
    }
}

/// `body` (owned) down `steps` to the items, or an empty list.
fn owned_chain(steps: &[FieldStep]) -> TokenStream {
    if steps.is_empty() {
        return quote!(body);
    }
    let links = steps.iter().map(|step| {
        let field = ident(&step.rust_name);
        if step.optional {
            quote!(.and_then(|value| value.#field))
        } else {
            quote!(.map(|value| value.#field))
        }
    });
    quote!(Some(body) #(#links)* .unwrap_or_default())
}

/// `Some(body)` down `steps` by reference: an `Option<&T>`.
fn ref_chain(steps: &[FieldStep]) -> TokenStream {
    let links = steps.iter().map(|step| {
        let field = ident(&step.rust_name);
        if step.optional {
            quote!(.and_then(|value| value.#field.as_ref()))
        } else {
            quote!(.map(|value| &value.#field))
        }
    });
    quote!(Some(body) #(#links)*)
}

fn next_page(pagination: &Pagination) -> TokenStream {
    match &pagination.style {
        PagingStyle::LinkHeader => quote! {
            let _ = body;
            crate::pagination::next_link(headers)
        },
        PagingStyle::Cursor { param, next } => {
            let token = ref_chain(next);
            quote! {
                let _ = headers;
                crate::pagination::token(#token.cloned(), #param)
            }
        }
        PagingStyle::LinkInBody { next } => {
            let url = ref_chain(next);
            quote! {
                let _ = headers;
                match #url {
                    Some(url) if !url.is_empty() => crate::pagination::Next::Url(url.clone()),
                    _ => crate::pagination::Next::End,
                }
            }
        }
        PagingStyle::AfterLastItem { param, has_more, id } => {
            let more = ref_chain(has_more);
            let items = ref_chain(&pagination.items);
            let id_field = ident(&id.rust_name);
            let last_id = if id.optional {
                quote!(.and_then(|item| item.#id_field.as_ref()))
            } else {
                quote!(.map(|item| &item.#id_field))
            };
            quote! {
                let _ = headers;
                if !#more.copied().unwrap_or(false) {
                    return crate::pagination::Next::End;
                }
                crate::pagination::token(#items.and_then(|items| items.last()) #last_id .cloned(), #param)
            }
        }
        PagingStyle::Counter { param, counts, total } => {
            let items = ref_chain(&pagination.items);
            let counting = match counts {
                Counting::Items => format_ident!("Items"),
                Counting::Pages => format_ident!("Pages"),
            };
            let total = total_count(total.as_deref());
            quote! {
                let _ = headers;
                crate::pagination::Next::Count {
                    param: #param,
                    counts: crate::pagination::Counting::#counting,
                    page_items: #items.map_or(0, |items| items.len()),
                    total: #total,
                }
            }
        }
        PagingStyle::BodyOffset { member, total } => {
            let items = ref_chain(&pagination.items);
            let total = total_count(total.as_deref());
            quote! {
                let _ = headers;
                crate::pagination::Next::CountInBody {
                    member: #member,
                    page_items: #items.map_or(0, |items| items.len()),
                    total: #total,
                }
            }
        }
    }
}

/// The total count at `steps`, as a `u64`, or `None`.
fn total_count(steps: Option<&[FieldStep]>) -> TokenStream {
    match steps {
        Some(steps) => {
            let chain = ref_chain(steps);
            quote!(#chain.and_then(|total| u64::try_from(*total).ok()))
        }
        None => quote!(None),
    }
}
