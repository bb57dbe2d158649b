//! Validity times as unix seconds: a UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime
//! (`YYYYMMDDHHMMSSZ`) read natively ([`native_time`]) and in the circuit ([`time_gadget`]) by the
//! same strict calendar: year 1970..9999 (unix seconds have no earlier instant), month 1..12, day
//! 1 to the days of that month (leap years by the Gregorian rule), hour 0..23, minute and second
//! 0..59. A time outside it is refused, never folded into another instant: "31 February" is not
//! read as 3 March, and "24:00:00" not as the next midnight.

use super::unsupported;
use crate::{
    gadgets::{
        bit, constant, is_equal_const, low_u64, mux, named, range_check, range_check_below, to_bits,
    },
    CircuitError, Fr,
};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

/// Days before each month in a common year.
const DAYS_BEFORE: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/// Days of each month in a common year (February gains one in a leap year).
const DAYS_IN: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/// The first year a time may name: the unix epoch's.
const FIRST_YEAR: u64 = 1970;
/// Leap years before 1970 counted from year 1 (`1969/4 - 1969/100 + 1969/400`).
const LEAPS_BEFORE_1970: u64 = 477;

fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Days from 1970-01-01 to `year-month-day`, by the same arithmetic as the circuit; the reason
/// when the date is not a day of the calendar.
pub(super) fn days_from_civil(year: u64, month: u64, day: u64) -> Result<u64, String> {
    if !(FIRST_YEAR..=9999).contains(&year) {
        return Err(format!("year {year} is before {FIRST_YEAR}"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is not 1..12"));
    }
    let m = (month - 1) as usize;
    let leap = is_leap(year) as u64;
    let days_in = DAYS_IN[m] + if month == 2 { leap } else { 0 };
    if !(1..=days_in).contains(&day) {
        return Err(format!(
            "day {day} is not a day of {year}-{month:02} (1..{days_in})"
        ));
    }
    let y1 = year - 1;
    let leaps = y1 / 4 - y1 / 100 + y1 / 400 - LEAPS_BEFORE_1970;
    let after_feb = if month > 2 { leap } else { 0 };
    Ok(365 * (year - FIRST_YEAR) + leaps + DAYS_BEFORE[m] + after_feb + day - 1)
}

/// A UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as unix seconds.
pub(super) fn native_time(chars: &[u8], generalized: bool) -> Result<u64, CircuitError> {
    let n = if generalized { 15 } else { 13 };
    let shown = String::from_utf8_lossy(chars).into_owned();
    let bad = |why: &str| unsupported(format!("validity time {shown:?}: {why}"));
    if chars.len() != n || chars[n - 1] != b'Z' || !chars[..n - 1].iter().all(u8::is_ascii_digit) {
        return Err(bad(if generalized {
            "not YYYYMMDDHHMMSSZ"
        } else {
            "not YYMMDDHHMMSSZ"
        }));
    }
    let d: Vec<u64> = chars[..n - 1].iter().map(|c| (c - b'0') as u64).collect();
    let (year, rest) = if generalized {
        (1000 * d[0] + 100 * d[1] + 10 * d[2] + d[3], &d[4..])
    } else {
        // RFC 5280: UTCTime YY >= 50 is 19YY, else 20YY.
        let yy = 10 * d[0] + d[1];
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &d[2..])
    };
    let two = |i: usize| 10 * rest[i] + rest[i + 1];
    let (hour, minute, second) = (two(4), two(6), two(8));
    let days = days_from_civil(year, two(0), two(2)).map_err(|why| bad(&why))?;
    if hour > 23 {
        return Err(bad(&format!("hour {hour} is not 0..23")));
    }
    if minute > 59 {
        return Err(bad(&format!("minute {minute} is not 0..59")));
    }
    if second > 59 {
        return Err(bad(&format!("second {second} is not 0..59")));
    }
    Ok(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// A proven decimal digit: `c - '0'` in 0..=9.
fn digit(cs: &ConstraintSystemRef<Fr>, c: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let d = c - Fr::from(b'0' as u64);
    range_check_below(cs, &d, 10, 4)?;
    Ok(d)
}

/// Unix seconds of a UTCTime/GeneralizedTime whose 15-byte window starts at its first character
/// (`generalized` a pinned bit). Each calendar rule is its own namespace (`digits`, `year`,
/// `month`, `day`, `hour`, `minute`, `second`), so a refused date names the rule it breaks.
pub(super) fn time_gadget(
    cs: &ConstraintSystemRef<Fr>,
    chars: &[FpVar<Fr>],
    generalized: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let g = generalized;
    let ten = Fr::from(10u64);
    let (d, rest) = {
        let _ns = named!("digits");
        let d: Vec<FpVar<Fr>> = chars[..4]
            .iter()
            .map(|c| digit(cs, c))
            .collect::<Result<_, _>>()?;
        // MMDDHHMMSS: after two year digits (UTCTime) or four (GeneralizedTime).
        let rest: Vec<FpVar<Fr>> = (0..10)
            .map(|j| digit(cs, &mux(g, &chars[4 + j], &chars[2 + j])))
            .collect::<Result<_, _>>()?;
        mux(g, &chars[14], &chars[12]).enforce_equal(&constant(b'Z' as u64))?;
        (d, rest)
    };
    let two = |i: usize| &rest[i] * ten + &rest[i + 1];
    let (month, day, hour, minute, second) = (two(0), two(2), two(4), two(6), two(8));

    let year = {
        let _ns = named!("year");
        let yy = &d[0] * ten + &d[1];
        // RFC 5280: UTCTime YY >= 50 is 19YY, else 20YY. yy + 78 >= 128 exactly when yy >= 50.
        let ge50 = to_bits(cs, &(&yy + Fr::from(78u64)), 8)?[7].clone();
        let year_utc = &yy + Fr::from(2000u64) - &ge50 * Fr::from(100u64);
        let year_gen = &d[0] * Fr::from(1000u64) + &d[1] * Fr::from(100u64) + &d[2] * ten + &d[3];
        let year = mux(g, &year_gen, &year_utc);
        // From 1970 on: an earlier year would make the day count negative (a huge field element).
        range_check(cs, &(&year - Fr::from(FIRST_YEAR)), 14)?;
        year
    };

    // Month as a one-hot vector: proves 1..=12 and selects the days before it and in it.
    let (onehot, days_before, days_in) = {
        let _ns = named!("month");
        let onehot: Vec<FpVar<Fr>> = (1..=12u64)
            .map(|m| bit(cs, || Ok(low_u64(&month.value()?) == m)))
            .collect::<Result<_, _>>()?;
        let (mut sum, mut index, mut before, mut days_in) =
            (constant(0), constant(0), constant(0), constant(0));
        for (k, m) in onehot.iter().enumerate() {
            sum += m;
            index += m * Fr::from(k as u64 + 1);
            before += m * Fr::from(DAYS_BEFORE[k]);
            days_in += m * Fr::from(DAYS_IN[k]);
        }
        sum.enforce_equal(&constant(1))?;
        index.enforce_equal(&month)?;
        (onehot, before, days_in)
    };

    // Leap years before `year` since 1970: floor division of year - 1 by 4, 100 and 400 with
    // proven remainders and bounded quotients; and whether `year` itself is one.
    let (leaps, leap) = {
        let _ns = named!("leap");
        let y1 = &year - Fr::from(1u64);
        let divide = |divisor: u64,
                      rem_bits: usize,
                      quot_bits: usize|
         -> Result<(FpVar<Fr>, FpVar<Fr>), SynthesisError> {
            let q =
                FpVar::new_witness(cs.clone(), || Ok(Fr::from(low_u64(&y1.value()?) / divisor)))?;
            let r =
                FpVar::new_witness(cs.clone(), || Ok(Fr::from(low_u64(&y1.value()?) % divisor)))?;
            range_check_below(cs, &r, divisor, rem_bits)?;
            range_check(cs, &q, quot_bits)?;
            (&q * Fr::from(divisor) + &r).enforce_equal(&y1)?;
            Ok((q, r))
        };
        let (q4, r4) = divide(4, 2, 12)?;
        let (q100, r100) = divide(100, 7, 7)?;
        let (q400, r400) = divide(400, 9, 5)?;
        // year % 4 == 0 <=> (year-1) % 4 == 3, and so on.
        let div4 = is_equal_const(cs, &r4, 3)?;
        let div100 = is_equal_const(cs, &r100, 99)?;
        let div400 = is_equal_const(cs, &r400, 399)?;
        let leap = &div4 - &div100 + &div100 * &div400;
        (q4 - q100 + q400 - Fr::from(LEAPS_BEFORE_1970), leap)
    };

    {
        // 1 <= day <= the days of the month (February's 29th in a leap year only).
        let _ns = named!("day");
        let days_in = days_in + &leap * &onehot[1];
        range_check(cs, &(&day - Fr::from(1u64)), 5)?;
        range_check(cs, &(days_in - &day), 5)?;
    }
    {
        let _ns = named!("hour");
        range_check_below(cs, &hour, 24, 5)?;
    }
    {
        let _ns = named!("minute");
        range_check_below(cs, &minute, 60, 6)?;
    }
    {
        let _ns = named!("second");
        range_check_below(cs, &second, 60, 6)?;
    }

    let after_feb = constant(1) - &onehot[0] - &onehot[1];
    let days = (&year - Fr::from(FIRST_YEAR)) * Fr::from(365u64)
        + leaps
        + days_before
        + leap * after_feb
        + day
        - Fr::from(1u64);
    Ok(days * Fr::from(86_400u64) + hour * Fr::from(3_600u64) + minute * Fr::from(60u64) + second)
}
