//! Schema statics: every [`TypeRef`] of the manifest as one deduplicated `static` item.
//!
//! Names are deterministic and independent of the order types are met in:
//! - unconstrained scalars have fixed names (`S_INT`, `S_STR`, ...);
//! - Structs are named after their qualified name (`STRUCT_SHOP_API_ITEM` for the
//!   `StructSchema`, `S_STRUCT_SHOP_API_ITEM` for the `Schema` that points at it);
//! - every other type is `S_<KIND>_<hash>`, the hash being the first hex digits of the
//!   SHA-256 of the type's canonical JSON, and regex constraints are `PATTERN_<hash>`.
//!
//! Statics reference each other by address, so recursive Structs need nothing special.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde_json::Number;

use super::hex_sha256;
use crate::manifest::{Constraints, Manifest, StructDef, TagValue, TypeRef};

/// Hex digits of a content hash used in a static's name.
const NAME_HASH_LEN: usize = 8;

/// The schema statics of one generated crate, built up as types are referenced.
#[derive(Debug)]
pub(super) struct SchemaTable<'m> {
    manifest: &'m Manifest,
    /// Canonical JSON of a type → name of its `Schema` static.
    by_key: BTreeMap<String, String>,
    /// Regex source → name of its `Pattern` static.
    patterns: BTreeMap<String, String>,
    /// Struct qualified name → identifier fragment (`SHOP_API_ITEM`).
    struct_idents: BTreeMap<String, String>,
    /// Every static name handed out, to keep them unique.
    taken: BTreeSet<String>,
    /// Emitted items by name, so the output is sorted by name.
    items: BTreeMap<String, TokenStream>,
    /// Broken manifest invariants, reported as `compile_error!`s.
    errors: Vec<String>,
}

impl<'m> SchemaTable<'m> {
    /// A table for `manifest`, with the identifiers of all its Structs assigned.
    pub(super) fn new(manifest: &'m Manifest) -> Self {
        let mut table = Self {
            manifest,
            by_key: BTreeMap::new(),
            patterns: BTreeMap::new(),
            struct_idents: BTreeMap::new(),
            taken: BTreeSet::new(),
            items: BTreeMap::new(),
            errors: Vec::new(),
        };
        let mut struct_names = BTreeSet::new();
        for name in manifest.structs.keys() {
            let ident = unique(&mut struct_names, screaming_snake(name));
            table.struct_idents.insert(name.clone(), ident);
        }
        table
    }

    /// Emits the `StructSchema` static of every Struct of the manifest.
    pub(super) fn emit_structs(&mut self) {
        let manifest = self.manifest;
        for (name, def) in &manifest.structs {
            let Some(ident) = self.struct_idents.get(name).cloned() else {
                continue;
            };
            let item = self.struct_item(name, &ident, def);
            self.items.insert(struct_static_name(&ident), item);
        }
    }

    /// The name of the `Schema` static for `ty`, emitting it (and what it refers to) once.
    pub(super) fn schema_ref(&mut self, ty: &TypeRef) -> Ident {
        let key = canonical_key(ty);
        if let Some(name) = self.by_key.get(&key) {
            return static_ident(name);
        }
        let name = self.schema_name(ty, &key);
        self.by_key.insert(key, name.clone());
        let expr = self.schema_expr(ty);
        let doc = format!(" `{}`", describe(ty));
        let name_ident = static_ident(&name);
        self.items.insert(
            name.clone(),
            quote! {
                #[doc = #doc]
                static #name_ident: Schema = #expr;
            },
        );
        name_ident
    }

    /// Records a broken manifest invariant (reported by the generated crate).
    pub(super) fn report(&mut self, message: String) {
        self.errors.push(message);
    }

    /// Every emitted item, sorted by name, and the invariant errors.
    pub(super) fn finish(self) -> (Vec<TokenStream>, Vec<String>) {
        (self.items.into_values().collect(), self.errors)
    }

    fn struct_item(&mut self, name: &str, ident: &str, def: &StructDef) -> TokenStream {
        let fields: Vec<TokenStream> = def
            .fields
            .iter()
            .map(|field| {
                let key = field.json_key();
                let schema = self.schema_ref(&field.ty);
                let required = field.required;
                quote!(FieldSchema { key: #key, schema: &#schema, required: #required })
            })
            .collect();
        let static_name = static_ident(&struct_static_name(ident));
        let forbid = def.forbid_unknown_fields;
        let array_like = def.array_like;
        let tag = match &def.tag {
            Some(tag) => {
                let field = &tag.field;
                let value = self.tag_value(&tag.value, name);
                quote!(Some(StructTag { field: #field, value: #value }))
            }
            None => quote!(None),
        };
        let doc = format!(" `{name}`");
        quote! {
            #[doc = #doc]
            static #static_name: StructSchema = StructSchema {
                name: #name,
                fields: &[#(#fields),*],
                forbid_unknown_fields: #forbid,
                array_like: #array_like,
                tag: #tag,
            };
        }
    }

    /// `TagValue::Int(..)`/`TagValue::Str(..)`; an integer tag beyond 64 bits is reported.
    fn tag_value(&mut self, value: &TagValue, owner: &str) -> TokenStream {
        match value {
            TagValue::Str(text) => quote!(TagValue::Str(#text)),
            TagValue::Int(number) => match number.as_i64() {
                Some(int) => {
                    let int = int_literal(int);
                    quote!(TagValue::Int(#int))
                }
                None => {
                    self.report(format!(
                        "the tag {number} of `{owner}` does not fit in 64 bits (msgspec requires it)"
                    ));
                    quote!(TagValue::Int(0))
                }
            },
        }
    }

    fn schema_name(&mut self, ty: &TypeRef, key: &str) -> String {
        let base = match ty {
            TypeRef::Struct { name } => match self.struct_idents.get(name) {
                Some(ident) => format!("S_STRUCT_{ident}"),
                None => format!("S_STRUCT_{}", screaming_snake(name)),
            },
            _ if is_plain(ty) => format!("S_{}", kind_name(ty)),
            _ => format!("S_{}_{}", kind_name(ty), short_hash(key)),
        };
        self.claim(base)
    }

    fn schema_expr(&mut self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Any => quote!(Schema::Any),
            TypeRef::None => quote!(Schema::None),
            TypeRef::Bool => quote!(Schema::Bool),
            TypeRef::Int { constraints } => {
                let rules = number_rules(constraints);
                quote!(Schema::Int(#rules))
            }
            TypeRef::Float { constraints } => {
                let rules = number_rules(constraints);
                quote!(Schema::Float(#rules))
            }
            TypeRef::Str { constraints } => {
                let length = length_rules(constraints);
                let pattern = match &constraints.pattern {
                    Some(source) => {
                        let pattern = self.pattern_ref(source);
                        quote!(Some(&#pattern))
                    }
                    None => quote!(None),
                };
                quote!(Schema::Str(StrRules { length: #length, pattern: #pattern }))
            }
            TypeRef::Bytes { constraints, .. } => {
                let length = length_rules(constraints);
                quote!(Schema::Bytes(#length))
            }
            TypeRef::Datetime { constraints } => {
                let tz = tz(constraints);
                quote!(Schema::Datetime(#tz))
            }
            TypeRef::Date => quote!(Schema::Date),
            TypeRef::Time { constraints } => {
                let tz = tz(constraints);
                quote!(Schema::Time(#tz))
            }
            TypeRef::Timedelta => quote!(Schema::Timedelta),
            TypeRef::Uuid => quote!(Schema::Uuid),
            TypeRef::Decimal { constraints } => {
                let rules = number_rules(constraints);
                quote!(Schema::Decimal(#rules))
            }
            TypeRef::Enum { name } => {
                let choice = match self.manifest.enums.get(name) {
                    Some(def) => self.choice_ref(&def.values, &format!("enum `{name}`")),
                    None => {
                        self.report(format!(
                            "the manifest references Enum `{name}` but does not define it"
                        ));
                        self.choice_ref(&[], name)
                    }
                };
                quote!(Schema::Choice(&#choice))
            }
            TypeRef::Literal { values } => {
                let choice = self.choice_ref(values, &format!("`{}`", ty.canonical()));
                quote!(Schema::Choice(&#choice))
            }
            TypeRef::List { items, constraints } | TypeRef::Tuple { items, constraints } => {
                let items = self.schema_ref(items);
                let length = length_rules(constraints);
                quote!(Schema::List { items: &#items, length: #length })
            }
            TypeRef::Set { items, constraints } | TypeRef::FrozenSet { items, constraints } => {
                let items = self.schema_ref(items);
                let length = length_rules(constraints);
                if constraints.min_length.is_none() && constraints.max_length.is_none() {
                    quote!(Schema::List { items: &#items, length: #length })
                } else {
                    quote!(Schema::Set { items: &#items, length: #length })
                }
            }
            TypeRef::FixedTuple { items } => {
                let items: Vec<Ident> = items.iter().map(|item| self.schema_ref(item)).collect();
                quote!(Schema::FixedTuple(&[#(&#items),*]))
            }
            TypeRef::Union { variants } => {
                let union = self.union_ref(ty, variants);
                quote!(Schema::Union(&#union))
            }
            TypeRef::Dict {
                keys,
                values,
                constraints,
            } => {
                let keys = self.schema_ref(keys);
                let values = self.schema_ref(values);
                let length = length_rules(constraints);
                quote!(Schema::Dict { keys: &#keys, values: &#values, length: #length })
            }
            TypeRef::Optional { inner } => {
                let inner = self.schema_ref(inner);
                quote!(Schema::Optional(&#inner))
            }
            TypeRef::Struct { name } => match self.struct_idents.get(name) {
                Some(ident) => {
                    let target = static_ident(&struct_static_name(ident));
                    quote!(Schema::Struct(&#target))
                }
                None => {
                    self.report(format!(
                        "the manifest references Struct `{name}` but does not define it"
                    ));
                    quote!(Schema::Any)
                }
            },
        }
    }

    /// The `ChoiceSchema` static of an `Enum`'s or a `Literal`'s values, emitted once.
    fn choice_ref(&mut self, values: &[TagValue], owner: &str) -> Ident {
        let key = format!(
            "choice:{}",
            serde_json::Value::from_iter(values.iter().map(TagValue::to_json))
        );
        if let Some(name) = self.by_key.get(&key) {
            return static_ident(name);
        }
        let name = self.claim(format!("CHOICE_{}", short_hash(&key)));
        self.by_key.insert(key, name.clone());
        let mut ints = Vec::new();
        let mut strs = Vec::new();
        for value in values {
            match value {
                TagValue::Str(text) => strs.push(quote!(#text)),
                TagValue::Int(number) => match number.as_i64() {
                    Some(int) => ints.push(int_literal(int)),
                    None => self.report(format!(
                        "the value {number} of {owner} does not fit in 64 bits \
                         (native validation supports 64-bit values)"
                    )),
                },
            }
        }
        let name_ident = static_ident(&name);
        self.items.insert(
            name,
            quote! {
                static #name_ident: ChoiceSchema = ChoiceSchema {
                    ints: &[#(#ints),*],
                    strs: &[#(#strs),*],
                };
            },
        );
        name_ident
    }

    /// The `UnionSchema` static of `ty`, with its per-JSON-kind slots decided here.
    fn union_ref(&mut self, ty: &TypeRef, variants: &[TypeRef]) -> Ident {
        let name = self.claim(format!("UNION_{}", short_hash(&canonical_key(ty))));
        let refs: Vec<Ident> = variants
            .iter()
            .map(|variant| self.schema_ref(variant))
            .collect();
        let mut slots = UnionSlots::default();
        for (variant, schema) in variants.iter().zip(&refs) {
            let class = self.classify(variant);
            slots.add(class, schema);
        }
        let option = |slot: Option<(u8, &Ident)>| match slot {
            Some((_, ident)) => quote!(Some(&#ident)),
            None => quote!(None),
        };
        let bool_slot = option(slots.bool);
        let int_slot = option(slots.int);
        let float_slot = option(slots.float);
        let str_slot = option(slots.str);
        let array_slot = self.union_slot(&slots.arrays, &slots.tagged_arrays);
        let object_slot = self.union_slot(&slots.objects, &slots.tagged_objects);
        let name_ident = static_ident(&name);
        self.items.insert(
            name,
            quote! {
                static #name_ident: UnionSchema = UnionSchema {
                    variants: &[#(&#refs),*],
                    bool: #bool_slot,
                    int: #int_slot,
                    float: #float_slot,
                    str: #str_slot,
                    array: #array_slot,
                    object: #object_slot,
                };
            },
        );
        name_ident
    }

    /// `UnionSlot::One` for one alternative (an untagged one wins, like msgspec's order),
    /// `UnionSlot::Tagged` for several tagged Structs.
    fn union_slot(&mut self, plain: &[Ident], tagged: &[(String, Ident)]) -> TokenStream {
        if let Some(first) = plain.first() {
            return quote!(UnionSlot::One(&#first));
        }
        match tagged {
            [] => quote!(UnionSlot::Empty),
            [(_, one)] => quote!(UnionSlot::One(&#one)),
            many => {
                let structs: Vec<Ident> = many
                    .iter()
                    .map(|(name, _)| match self.struct_idents.get(name) {
                        Some(ident) => static_ident(&struct_static_name(ident)),
                        None => static_ident("UNDEFINED_STRUCT"),
                    })
                    .collect();
                quote!(UnionSlot::Tagged(&[#(&#structs),*]))
            }
        }
    }

    /// Which JSON kinds a union alternative takes (msgspec's union rules).
    fn classify(&self, ty: &TypeRef) -> VariantClass {
        match ty {
            TypeRef::Any => VariantClass::Any,
            TypeRef::None => VariantClass::Nothing,
            TypeRef::Bool => VariantClass::Bool,
            TypeRef::Int { .. } => VariantClass::Int,
            TypeRef::Float { .. } => VariantClass::Float,
            TypeRef::Decimal { .. } => VariantClass::Decimal,
            TypeRef::Str { .. } => VariantClass::Str,
            TypeRef::Bytes { .. }
            | TypeRef::Datetime { .. }
            | TypeRef::Date
            | TypeRef::Time { .. }
            | TypeRef::Timedelta
            | TypeRef::Uuid => VariantClass::StrLike,
            TypeRef::Enum { name } => {
                let values = self
                    .manifest
                    .enums
                    .get(name)
                    .map_or(&[][..], |def| &def.values[..]);
                choice_class(values)
            }
            TypeRef::Literal { values } => choice_class(values),
            TypeRef::List { .. }
            | TypeRef::Set { .. }
            | TypeRef::FrozenSet { .. }
            | TypeRef::Tuple { .. }
            | TypeRef::FixedTuple { .. } => VariantClass::Array,
            TypeRef::Dict { .. } => VariantClass::Object,
            TypeRef::Optional { inner } => self.classify(inner),
            TypeRef::Union { .. } => VariantClass::Nothing,
            TypeRef::Struct { name } => match self.manifest.structs.get(name) {
                Some(def) => match (def.array_like, def.tag.is_some()) {
                    (true, true) => VariantClass::TaggedArray(name.clone()),
                    (true, false) => VariantClass::Array,
                    (false, true) => VariantClass::TaggedObject(name.clone()),
                    (false, false) => VariantClass::Object,
                },
                None => VariantClass::Object,
            },
        }
    }

    fn pattern_ref(&mut self, source: &str) -> Ident {
        if let Some(name) = self.patterns.get(source) {
            return static_ident(name);
        }
        let name = self.claim(format!("PATTERN_{}", short_hash(source)));
        self.patterns.insert(source.to_owned(), name.clone());
        let name_ident = static_ident(&name);
        self.items.insert(
            name,
            quote!(static #name_ident: Pattern = Pattern::new(#source);),
        );
        name_ident
    }

    /// A fresh static name: `base`, or `base_2`, `base_3`, ... if already taken.
    fn claim(&mut self, base: String) -> String {
        unique(&mut self.taken, base)
    }
}

/// `base`, or `base_2`, `base_3`, ... whichever is not in `taken` yet; then takes it.
fn unique(taken: &mut BTreeSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut suffix = 2_u32;
    while taken.contains(&name) {
        name = format!("{base}_{suffix}");
        suffix += 1;
    }
    taken.insert(name.clone());
    name
}

/// `NumberRules { .. }` with every bound spelled out.
fn number_rules(constraints: &Constraints) -> TokenStream {
    let gt = bound(constraints.gt.as_ref());
    let ge = bound(constraints.ge.as_ref());
    let lt = bound(constraints.lt.as_ref());
    let le = bound(constraints.le.as_ref());
    let multiple_of = bound(constraints.multiple_of.as_ref());
    quote!(NumberRules { gt: #gt, ge: #ge, lt: #lt, le: #le, multiple_of: #multiple_of })
}

/// `LengthRules { .. }` from `min_length`/`max_length`.
fn length_rules(constraints: &Constraints) -> TokenStream {
    let min = optional_u64(constraints.min_length);
    let max = optional_u64(constraints.max_length);
    quote!(LengthRules { min: #min, max: #max })
}

/// `Tz::Any`/`Tz::Aware`/`Tz::Naive` from `Meta(tz=...)`.
fn tz(constraints: &Constraints) -> TokenStream {
    match constraints.tz {
        None => quote!(Tz::Any),
        Some(true) => quote!(Tz::Aware),
        Some(false) => quote!(Tz::Naive),
    }
}

/// A signed integer literal without suffix.
fn int_literal(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    let sign = (value < 0).then(|| quote!(-));
    quote!(#sign #magnitude)
}

/// What JSON kinds a union alternative takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum VariantClass {
    Any,
    Nothing,
    Bool,
    Int,
    Float,
    Decimal,
    Str,
    /// One string format (`datetime`, `uuid`, `bytes`, ...).
    StrLike,
    /// An `Enum`/`Literal`: int values, str values, or both.
    Choice {
        ints: bool,
        strs: bool,
    },
    Array,
    Object,
    TaggedArray(String),
    TaggedObject(String),
}

fn choice_class(values: &[TagValue]) -> VariantClass {
    VariantClass::Choice {
        ints: values.iter().any(|value| matches!(value, TagValue::Int(_))),
        strs: values.iter().any(|value| matches!(value, TagValue::Str(_))),
    }
}

/// A union's slots as alternatives are added: each scalar slot keeps the alternative of
/// lowest rank (msgspec's order of preference for that JSON kind).
#[derive(Debug, Default)]
struct UnionSlots<'i> {
    bool: Option<(u8, &'i Ident)>,
    int: Option<(u8, &'i Ident)>,
    float: Option<(u8, &'i Ident)>,
    str: Option<(u8, &'i Ident)>,
    arrays: Vec<Ident>,
    objects: Vec<Ident>,
    tagged_arrays: Vec<(String, Ident)>,
    tagged_objects: Vec<(String, Ident)>,
}

impl<'i> UnionSlots<'i> {
    fn add(&mut self, class: VariantClass, schema: &'i Ident) {
        let offer = |slot: &mut Option<(u8, &'i Ident)>, rank: u8| {
            if slot.is_none_or(|(held, _)| rank < held) {
                *slot = Some((rank, schema));
            }
        };
        match class {
            VariantClass::Any => {
                for slot in [
                    &mut self.bool,
                    &mut self.int,
                    &mut self.float,
                    &mut self.str,
                ] {
                    *slot = Some((0, schema));
                }
                self.arrays.insert(0, schema.clone());
                self.objects.insert(0, schema.clone());
            }
            VariantClass::Nothing => {}
            VariantClass::Bool => offer(&mut self.bool, 0),
            VariantClass::Int => offer(&mut self.int, 0),
            VariantClass::Float => {
                offer(&mut self.int, 2);
                offer(&mut self.float, 0);
            }
            VariantClass::Decimal => {
                offer(&mut self.int, 3);
                offer(&mut self.float, 1);
                offer(&mut self.str, 1);
            }
            VariantClass::Str => offer(&mut self.str, 0),
            VariantClass::StrLike => offer(&mut self.str, 1),
            VariantClass::Choice { ints, strs } => {
                if ints {
                    offer(&mut self.int, 1);
                }
                if strs {
                    offer(&mut self.str, 1);
                }
            }
            VariantClass::Array => self.arrays.push(schema.clone()),
            VariantClass::Object => self.objects.push(schema.clone()),
            VariantClass::TaggedArray(name) => self.tagged_arrays.push((name, schema.clone())),
            VariantClass::TaggedObject(name) => self.tagged_objects.push((name, schema.clone())),
        }
    }
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(value) => {
            let literal = Literal::u64_unsuffixed(value);
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}

/// `Some(Bound::Int(..))` for integer literals (exact), `Some(Bound::Float(..))` otherwise.
fn bound(number: Option<&Number>) -> TokenStream {
    let Some(number) = number else {
        return quote!(None);
    };
    if let Some(value) = number.as_i64() {
        let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
        let sign = (value < 0).then(|| quote!(-));
        return quote!(Some(Bound::Int(#sign #magnitude)));
    }
    match number.as_f64().filter(|value| value.is_finite()) {
        Some(value) => {
            let magnitude = Literal::f64_unsuffixed(value.abs());
            let sign = value.is_sign_negative().then(|| quote!(-));
            quote!(Some(Bound::Float(#sign #magnitude)))
        }
        // serde_json numbers are finite; this only keeps the function total.
        None => quote!(None),
    }
}

/// True for scalar types without constraints, which get fixed names.
fn is_plain(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Any
        | TypeRef::None
        | TypeRef::Bool
        | TypeRef::Date
        | TypeRef::Timedelta
        | TypeRef::Uuid => true,
        TypeRef::Int { constraints }
        | TypeRef::Float { constraints }
        | TypeRef::Str { constraints }
        | TypeRef::Datetime { constraints }
        | TypeRef::Time { constraints }
        | TypeRef::Decimal { constraints } => constraints.is_empty(),
        TypeRef::Bytes {
            bytearray: false,
            constraints,
        } => constraints.is_empty(),
        _ => false,
    }
}

fn kind_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Any => "ANY",
        TypeRef::None => "NONE",
        TypeRef::Bool => "BOOL",
        TypeRef::Int { .. } => "INT",
        TypeRef::Float { .. } => "FLOAT",
        TypeRef::Str { .. } => "STR",
        TypeRef::Bytes { .. } => "BYTES",
        TypeRef::Datetime { .. } => "DATETIME",
        TypeRef::Date => "DATE",
        TypeRef::Time { .. } => "TIME",
        TypeRef::Timedelta => "TIMEDELTA",
        TypeRef::Uuid => "UUID",
        TypeRef::Decimal { .. } => "DECIMAL",
        TypeRef::Enum { .. } => "ENUM",
        TypeRef::Literal { .. } => "LITERAL",
        TypeRef::List { .. } => "LIST",
        TypeRef::Set { .. } => "SET",
        TypeRef::FrozenSet { .. } => "FROZENSET",
        TypeRef::Tuple { .. } => "TUPLE",
        TypeRef::FixedTuple { .. } => "FIXED_TUPLE",
        TypeRef::Dict { .. } => "DICT",
        TypeRef::Optional { .. } => "OPTIONAL",
        TypeRef::Union { .. } => "UNION",
        TypeRef::Struct { .. } => "STRUCT",
    }
}

/// The identity of a type: its JSON form (constraints included, in field order).
fn canonical_key(ty: &TypeRef) -> String {
    serde_json::to_string(ty).expect("a TypeRef contains only JSON-representable data")
}

/// The first [`NAME_HASH_LEN`] hex digits (uppercase) of the SHA-256 of `text`.
fn short_hash(text: &str) -> String {
    let mut hash = hex_sha256(text.as_bytes());
    hash.truncate(NAME_HASH_LEN);
    hash.to_ascii_uppercase()
}

/// `STRUCT_<ident>`: the `StructSchema` static of a Struct.
fn struct_static_name(ident: &str) -> String {
    format!("STRUCT_{ident}")
}

/// `shop.api.OrderItem` → `SHOP_API_ORDER_ITEM`.
pub(super) fn screaming_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            if ch.is_ascii_uppercase() && previous_lower {
                out.push('_');
            }
            out.push(ch.to_ascii_uppercase());
            previous_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() {
        "UNNAMED".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Python-like spelling of a type, for doc comments.
pub(super) fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "Any".to_owned(),
        TypeRef::None => "None".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Int { constraints } => with_constraints("int", constraints),
        TypeRef::Float { constraints } => with_constraints("float", constraints),
        TypeRef::Str { constraints } => with_constraints("str", constraints),
        TypeRef::List { items, constraints } => {
            with_constraints(&format!("list[{}]", describe(items)), constraints)
        }
        TypeRef::Dict { keys, values, .. } => {
            format!("dict[{}, {}]", describe(keys), describe(values))
        }
        TypeRef::Optional { inner } => format!("{} | None", describe(inner)),
        TypeRef::Struct { name } => name.clone(),
        other => other.canonical(),
    }
}

fn with_constraints(base: &str, constraints: &Constraints) -> String {
    let mut parts = Vec::new();
    for (label, value) in constraints.numeric() {
        if let Some(value) = value {
            parts.push(format!("{label}={value}"));
        }
    }
    for (label, value) in constraints.lengths() {
        if let Some(value) = value {
            parts.push(format!("{label}={value}"));
        }
    }
    if let Some(pattern) = &constraints.pattern {
        parts.push(format!("pattern={pattern:?}"));
    }
    if parts.is_empty() {
        base.to_owned()
    } else {
        format!("{base} ({})", parts.join(", "))
    }
}

/// An identifier for a name this module produced (always a valid Rust identifier).
fn static_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_screaming_snake_splits_camel_case_and_dots() {
        assert_eq!(screaming_snake("shop.api.OrderItem"), "SHOP_API_ORDER_ITEM");
        assert_eq!(screaming_snake("a.B2c"), "A_B2C");
        assert_eq!(screaming_snake("..."), "UNNAMED");
    }

    #[test]
    fn test_schema_ref_identical_types_share_one_static() {
        let manifest = Manifest::new();
        let mut table = SchemaTable::new(&manifest);
        let first = table.schema_ref(&TypeRef::list(TypeRef::int()));
        let second = table.schema_ref(&TypeRef::list(TypeRef::int()));
        assert_eq!(first, second);
        let (items, errors) = table.finish();
        assert_eq!(items.len(), 2, "S_INT and one S_LIST_*");
        assert!(errors.is_empty());
    }

    #[test]
    fn test_schema_ref_undefined_struct_is_reported() {
        let manifest = Manifest::new();
        let mut table = SchemaTable::new(&manifest);
        table.schema_ref(&TypeRef::structure("missing.Thing"));
        let (_, errors) = table.finish();
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn test_describe_renders_constraints() {
        let ty = TypeRef::Int {
            constraints: Constraints {
                ge: Some(1.into()),
                ..Constraints::default()
            },
        };
        assert_eq!(describe(&TypeRef::optional(ty)), "int (ge=1) | None");
    }
}
