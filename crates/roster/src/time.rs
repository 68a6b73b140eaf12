//! Wall-clock times in the scenario's zone and their resolution to real instants.
//!
//! Scenario times are local (`2026-03-29T07:00`), optionally with an explicit offset
//! (`2026-10-25T02:30+01:00`) to pick one side of an ambiguous autumn hour. Everything
//! downstream works in [`Instant`]s (seconds since the Unix epoch), so every duration is real
//! elapsed time: a night shift across the October change lasts an hour longer.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Seconds since the Unix epoch (UTC).
pub type Instant = i64;

/// A time as written in a scenario: local wall-clock, or with an explicit UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WallClock {
    /// Local time in the scenario's zone.
    Local(NaiveDateTime),
    /// A time with an explicit offset.
    Offset(DateTime<FixedOffset>),
}

impl WallClock {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z` or `±HH:MM` offset.
    pub fn parse(text: &str) -> Result<WallClock, String> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(WallClock::Offset(t));
        }
        for format in ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M%:z"] {
            if let Ok(t) = DateTime::parse_from_str(text, format) {
                return Ok(WallClock::Offset(t));
            }
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(WallClock::Local(t));
            }
        }
        Err(format!(
            "expected a local date-time like \"2026-01-05T07:00\" (optionally with an offset like \"+01:00\"), got {text:?}"
        ))
    }

    /// The real instant this time denotes in `zone`. A local time inside the spring-forward gap
    /// does not exist and is an error; one in the repeated autumn hour is ambiguous and takes the
    /// earlier instant unless an offset is given.
    pub fn resolve(&self, zone: Tz) -> Result<Instant, String> {
        match self {
            WallClock::Offset(t) => Ok(t.timestamp()),
            WallClock::Local(t) => match zone.from_local_datetime(t) {
                LocalResult::Single(t) => Ok(t.timestamp()),
                LocalResult::Ambiguous(earlier, _) => Ok(earlier.timestamp()),
                LocalResult::None => {
                    Err(format!("{t} does not exist in {zone} (clocks skip that hour at the daylight-saving change)"))
                }
            },
        }
    }
}

impl fmt::Display for WallClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WallClock::Local(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M")),
            WallClock::Offset(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M%:z")),
        }
    }
}

impl Serialize for WallClock {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WallClock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        WallClock::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for WallClock {
    fn schema_name() -> Cow<'static, str> {
        "WallClock".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Local wall-clock time in the scenario's zone, `YYYY-MM-DDTHH:MM[:SS]`, optionally with an offset (`+01:00`) to disambiguate the repeated autumn hour.",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?$"
        })
    }
}

/// The instant of local midnight starting `date` in `zone` (the first instant of that date).
pub fn local_midnight(date: NaiveDate, zone: Tz) -> Instant {
    resolve_lenient(date.and_hms_opt(0, 0, 0).expect("midnight exists"), zone)
}

/// The instant of local time `t` in `zone`; the earlier one in a repeated hour, and the first
/// instant after the gap for a time the clocks skip.
pub fn resolve_lenient(t: NaiveDateTime, zone: Tz) -> Instant {
    (0..=180)
        .find_map(|m| zone.from_local_datetime(&(t + chrono::Duration::minutes(m))).earliest())
        .map(|t| t.timestamp())
        .unwrap_or_else(|| zone.from_utc_datetime(&t).timestamp())
}

/// The local date on which `instant` falls in `zone`.
pub fn local_date(instant: Instant, zone: Tz) -> NaiveDate {
    zone.from_utc_datetime(&utc(instant).naive_utc()).date_naive()
}

/// `instant` as a UTC date-time.
pub fn utc(instant: Instant) -> DateTime<Utc> {
    DateTime::from_timestamp(instant, 0).unwrap_or_default()
}

/// `instant` formatted as local time with its offset, e.g. `2026-10-25T02:30+01:00`.
pub fn format_local(instant: Instant, zone: Tz) -> String {
    zone.from_utc_datetime(&utc(instant).naive_utc()).format("%Y-%m-%dT%H:%M%:z").to_string()
}

/// Seconds in an hour, for turning elapsed seconds into hours.
pub const HOUR: i64 = 3600;

/// Hours between two instants.
pub fn hours(seconds: i64) -> f64 {
    seconds as f64 / HOUR as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stockholm() -> Tz {
        "Europe/Stockholm".parse().unwrap()
    }

    #[test]
    fn night_shift_over_october_change_lasts_eleven_hours() {
        // 2026-10-25 03:00 CEST becomes 02:00 CET in Sweden.
        let start = WallClock::parse("2026-10-24T21:15").unwrap().resolve(stockholm()).unwrap();
        let end = WallClock::parse("2026-10-25T07:15").unwrap().resolve(stockholm()).unwrap();
        assert_eq!(end - start, 11 * HOUR);
    }

    #[test]
    fn night_shift_over_march_change_lasts_nine_hours() {
        // 2026-03-29 02:00 CET becomes 03:00 CEST.
        let start = WallClock::parse("2026-03-28T21:15").unwrap().resolve(stockholm()).unwrap();
        let end = WallClock::parse("2026-03-29T07:15").unwrap().resolve(stockholm()).unwrap();
        assert_eq!(end - start, 9 * HOUR);
    }

    #[test]
    fn time_in_spring_gap_is_rejected_and_offset_disambiguates_autumn() {
        assert!(WallClock::parse("2026-03-29T02:30").unwrap().resolve(stockholm()).is_err());
        let first = WallClock::parse("2026-10-25T02:30+02:00").unwrap().resolve(stockholm()).unwrap();
        let second = WallClock::parse("2026-10-25T02:30+01:00").unwrap().resolve(stockholm()).unwrap();
        let plain = WallClock::parse("2026-10-25T02:30").unwrap().resolve(stockholm()).unwrap();
        assert_eq!(second - first, HOUR);
        assert_eq!(plain, first);
    }

    #[test]
    fn garbage_is_rejected_with_an_example() {
        let err = WallClock::parse("monday 7am").unwrap_err();
        assert!(err.contains("2026-01-05T07:00"), "{err}");
    }
}
