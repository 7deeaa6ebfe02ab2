//! Crate docs: a small inventory.
#![allow(dead_code)]
use std::collections::HashMap;

/* A block comment /* with a nested one */ still open */
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'a> {
    name: &'a str,
    count: u32,
}

impl<'a> Item<'a> {
    pub fn new(name: &'a str) -> Self {
        Item { name, count: 0x1F + 0b1010_0101 + 1_000 }
    }
}

fn main() {
    let größe = 2.5e-3_f64;
    let raw = r#"a "quoted" b"#;
    let bytes = b"\x00\xff";
    let escaped = "tab\t\"quote\" \u{1F600} 🦀";
    let c = 'x';
    let newline = '\n';
    let mut map: HashMap<String, Vec<i64>> = HashMap::new();
    map.entry("k".to_string()).or_default().push(-42);
    if let Some(v) = map.get("k") {
        println!("{:?} {} {}", v, raw, größe);
    }
    let range = 1..=10;
    assert_eq!(c, 'x', "chars {newline}");
    let _ = (bytes, escaped, range, 3.max(4));
}
