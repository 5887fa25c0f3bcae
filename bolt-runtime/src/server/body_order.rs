//! In which order a route checks its JSON bodies, learned from the bodies it receives.
//!
//! Both orders give the same answers (the differential tests prove that native validation
//! and msgspec accept and refuse the same bodies); they cost differently
//! (`bench/bodydecode/run`): *decode-first* parses a valid body once, but an invalid one
//! costs msgspec's refusal (a Python exception) **and** native validation for the full error
//! list; *validate-first* runs native validation on every body (off the GIL), so an invalid
//! body never reaches Python and a valid one is parsed twice. A 1 KB `Item`: valid 0.5 µs
//! decode-first vs 0.9 µs; invalid 1.8 µs vs 1.0 µs. So a route that mostly receives invalid
//! bodies (a misconfigured client, a scanner, a form posting half-filled data) is cheaper
//! validate-first, and one that mostly receives valid bodies decode-first.
//! [`BodyOrder`] keeps a moving average of the share of invalid bodies per route and picks
//! the order with hysteresis, so a route does not flip back and forth around one threshold.

use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};

use crate::server::BodyValidation;

/// The invalid share's fixed-point scale: 1.0 is `SCALE`.
const SCALE: u16 = 1 << 12;
/// A new body weighs 1/2^`WEIGHT_SHIFT` (1/16) in the moving average.
const WEIGHT_SHIFT: u32 = 4;
/// Validate first from this share of invalid bodies on (3/4)…
const VALIDATE_FIRST_AT: u16 = SCALE / 4 * 3;
/// …and decode first again from this share down (1/2).
const DECODE_FIRST_AT: u16 = SCALE / 2;

/// One route's body statistics and its current order. Shared by the worker threads; updates
/// are relaxed and may lose one another's increments, which only delays a switch.
#[derive(Debug, Default)]
pub struct BodyOrder {
    /// Moving average of the share of invalid bodies, in 1/`SCALE`.
    invalid_share: AtomicU16,
    validate_first: AtomicBool,
}

impl BodyOrder {
    /// Whether the next body is validated natively before it is decoded, under `setting`.
    pub fn validate_first(&self, setting: BodyValidation) -> bool {
        match setting {
            BodyValidation::DecodeFirst => false,
            BodyValidation::ValidateFirst => true,
            BodyValidation::Adaptive => self.validate_first.load(Ordering::Relaxed),
        }
    }

    /// Counts one body, valid or not (by whichever check ran first).
    pub fn record(&self, invalid: bool) {
        let share = self.invalid_share.load(Ordering::Relaxed);
        let next = if invalid {
            share + ((SCALE - share) >> WEIGHT_SHIFT)
        } else {
            share - (share >> WEIGHT_SHIFT)
        };
        self.invalid_share.store(next, Ordering::Relaxed);
        if next >= VALIDATE_FIRST_AT {
            self.validate_first.store(true, Ordering::Relaxed);
        } else if next <= DECODE_FIRST_AT {
            self.validate_first.store(false, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADAPTIVE: BodyValidation = BodyValidation::Adaptive;

    /// How many bodies in a row it takes to reach `validate_first == wanted`.
    fn bodies_until(order: &BodyOrder, invalid: bool, wanted: bool) -> usize {
        (1..=1000)
            .find(|_| {
                order.record(invalid);
                order.validate_first(ADAPTIVE) == wanted
            })
            .unwrap_or(usize::MAX)
    }

    #[test]
    fn body_order_adaptive_starts_decode_first() {
        assert!(!BodyOrder::default().validate_first(ADAPTIVE));
    }

    #[test]
    fn body_order_adaptive_switches_after_a_run_of_invalid_bodies_and_back_after_valid_ones() {
        let order = BodyOrder::default();
        assert_eq!(bodies_until(&order, true, true), 22);
        assert_eq!(bodies_until(&order, false, false), 7);
        assert_eq!(bodies_until(&order, true, true), 12);
    }

    #[test]
    fn body_order_adaptive_keeps_decode_first_while_most_bodies_are_valid() {
        let order = BodyOrder::default();
        for index in 0..10_000 {
            order.record(index % 3 == 0); // a third invalid
            assert!(!order.validate_first(ADAPTIVE));
        }
    }

    #[test]
    fn body_order_adaptive_stays_validate_first_while_most_bodies_are_invalid() {
        let order = BodyOrder::default();
        bodies_until(&order, true, true);
        for index in 0..10_000 {
            order.record(index % 4 != 0); // three quarters invalid
            assert!(order.validate_first(ADAPTIVE));
        }
    }

    #[test]
    fn body_order_fixed_settings_ignore_the_statistics() {
        let order = BodyOrder::default();
        bodies_until(&order, true, true);
        assert!(!order.validate_first(BodyValidation::DecodeFirst));
        let order = BodyOrder::default();
        assert!(order.validate_first(BodyValidation::ValidateFirst));
    }
}
