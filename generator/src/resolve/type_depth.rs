//! How deep the compiler must look to prove a named type `Send` and `Sync`, and whether the
//! generated types declare both instead.
//!
//! The compiler proves an auto trait by walking a type's members, and stops with `overflow
//! evaluating the requirement` at `recursion_limit` (128 steps, each member hop taking
//! several: `Option`, `Box`, `Vec`'s buffer). Stripe's API nests its types deeper than that,
//! so neither the client nor a user's code that spawns a call compiles. A higher
//! `recursion_limit` in the client would not help a user's crate, and no limit holds for
//! every depth; a declared `unsafe impl Send`/`Sync` per type does: each proof is one step.
//! They are sound because every member type the generator writes (text, numbers, dates,
//! JSON values, file parts, lists, maps, options, boxes and other generated types) is owned
//! data, and each declaration sits beside a check that its members are `Send + Sync` (a
//! shallow check, given the other types' declarations). Specs whose types nest shallowly
//! keep the compiler's own proof and no `unsafe` at all.

use std::collections::BTreeMap;

use crate::model::{TypeDef, TypeRef};

/// Member hops the compiler's proof takes within its default `recursion_limit`, with room
/// for the user's own wrapping (futures, tuples, `Result`).
pub const MAX_INFERRED_DEPTH: usize = 16;

/// Whether the types declare `Send` and `Sync`: the longest chain of member hops between
/// named types may exceed [`MAX_INFERRED_DEPTH`].
pub fn declare_send_sync(types: &BTreeMap<String, TypeDef>) -> bool {
    depth_bound(types) > MAX_INFERRED_DEPTH
}

/// An upper bound of the longest chain of distinct named types, each holding the next: the
/// longest path through the graph's strongly connected components, each counted by its size
/// (a chain can visit every type of a cycle once).
pub fn depth_bound(types: &BTreeMap<String, TypeDef>) -> usize {
    let names: Vec<&String> = types.keys().collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            let mut held = Vec::new();
            for ty in types[*name].held_types() {
                named_in(ty, &mut |n| held.extend(index.get(n).copied()));
            }
            held
        })
        .collect();
    let component = strongly_connected(&edges);
    let count = component.iter().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; count];
    for &c in &component {
        size[c] += 1;
    }
    // Tarjan numbers components in reverse topological order: a component's successors
    // have smaller numbers, so one pass in increasing order sees them first.
    let mut longest = vec![0usize; count];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, &c) in component.iter().enumerate() {
        members[c].push(node);
    }
    for c in 0..count {
        let next = members[c]
            .iter()
            .flat_map(|&node| &edges[node])
            .map(|&to| component[to])
            .filter(|&to| to != c)
            .map(|to| longest[to])
            .max()
            .unwrap_or(0);
        longest[c] = size[c] + next;
    }
    longest.into_iter().max().unwrap_or(0)
}

fn named_in<'t>(ty: &'t TypeRef, found: &mut impl FnMut(&'t str)) {
    match ty {
        TypeRef::Named(name) => found(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner, found),
        _ => {}
    }
}

/// Tarjan's algorithm without recursion (a spec decides the graph's depth, the stack must
/// not): each node's component number, components numbered in reverse topological order.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack, mut next_order, mut next_component) = (vec![false; n], Vec::new(), 0, 0);
    for start in 0..n {
        if order[start] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = edges[node].get(*edge) {
                *edge += 1;
                if order[to] == UNSEEN {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(order[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_in_reverse_topological_order() {
        // 0 -> 1 <-> 2 -> 3
        let component = strongly_connected(&[vec![1], vec![2], vec![1, 3], vec![]]);
        assert_eq!(component[1], component[2]);
        assert!(component[3] < component[1] && component[1] < component[0]);
    }
}
