//! Serialising typed values (addresses, signatures) as the strings people and JSON tools read.

use serde::Serializer;

/// `#[serde(serialize_with = "display")]`: the value's `Display` form.
pub(crate) fn display<S: Serializer, T: std::fmt::Display>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// `#[serde(serialize_with = "display_option")]`: the `Display` form, or `null`.
pub(crate) fn display_option<S: Serializer, T: std::fmt::Display>(
    v: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}
