//! Where the walker is in the body: a linked list on the stack (no allocation), turned
//! into an error `loc` only when an error is reported.

use super::scanner::RawStr;
use smallvec::SmallVec;

use crate::errors::LocItem;

/// The first `loc` item of body errors.
pub(super) const BODY_ROOT: &str = "body";

/// One step of a location.
#[derive(Debug, Clone, Copy)]
pub(super) enum Segment<'p> {
    Root,
    /// A Struct field's declared key.
    Field(&'static str),
    /// A key read from the body (decoded only if an error needs it).
    Key(RawStr<'p>),
    Index(usize),
}

/// Where the walker is: a linked list on the stack, turned into a `loc` only on error.
#[derive(Debug, Clone, Copy)]
pub(super) struct Path<'p> {
    parent: Option<&'p Path<'p>>,
    segment: Segment<'p>,
}

impl<'p> Path<'p> {
    pub(super) const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    pub(super) fn child(&'p self, segment: Segment<'p>) -> Self {
        Path {
            parent: Some(self),
            segment,
        }
    }

    pub(super) fn loc(&self) -> Vec<LocItem> {
        let mut segments: SmallVec<[Segment<'_>; 8]> = SmallVec::new();
        let mut current = Some(self);
        while let Some(path) = current {
            segments.push(path.segment);
            current = path.parent;
        }
        segments
            .iter()
            .rev()
            .map(|segment| match *segment {
                Segment::Root => LocItem::from(BODY_ROOT),
                Segment::Field(key) => LocItem::from(key),
                Segment::Key(raw) => LocItem::Key(raw.to_lossy()),
                Segment::Index(index) => LocItem::Index(index),
            })
            .collect()
    }
}
