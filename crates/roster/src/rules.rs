//! Labour rules: the legal presets, their overrides, and the citation each limit carries.
//!
//! A staff member's effective [`Rules`] are the preset's limits, overridden by the scenario's
//! `rules`, overridden by the staff member's own `rules`. Any limit can be switched off with
//! `null`. Every limit is a [`RuleKind`] whose [`RuleKind::citation`] names the law (or the
//! contract) it comes from, so messages can say why a roster is not allowed.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The legal frameworks with built-in limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Preset {
    /// Swedish Arbetstidslagen (SFS 1982:673).
    #[serde(rename = "se-atl")]
    SeAtl,
    /// Norwegian arbeidsmiljøloven (LOV-2005-06-17-62), chapter 10.
    #[serde(rename = "no-aml")]
    NoAml,
    /// EU Working Time Directive 2003/88/EC.
    #[serde(rename = "eu-wtd")]
    EuWtd,
    /// No legal limits: only what the scenario states (benchmarks, contracts modelled in full).
    #[serde(rename = "none")]
    None,
}

impl Preset {
    /// All presets, in documentation order.
    pub const ALL: [Preset; 4] = [Preset::SeAtl, Preset::NoAml, Preset::EuWtd, Preset::None];

    /// The preset's name as written in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Preset::SeAtl => "se-atl",
            Preset::NoAml => "no-aml",
            Preset::EuWtd => "eu-wtd",
            Preset::None => "none",
        }
    }

    /// Parses a preset name.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Days of notice before a published shift may be changed: 14 for `se-atl` (ATL 12 §:
    /// changes notified at least two weeks ahead), `no-aml` (aml. § 10-3: changes to the work
    /// schedule discussed at least 14 days ahead) and `eu-wtd` (Directive (EU) 2019/1152 art. 10
    /// asks for reasonable notice; 14 days assumed); 0 for `none`.
    pub fn notice_days(self) -> u32 {
        match self {
            Preset::SeAtl | Preset::NoAml | Preset::EuWtd => 14,
            Preset::None => 0,
        }
    }

    /// The preset's limits.
    pub fn rules(self) -> Rules {
        let night = |start_hour, end_hour| NightDefinition { start_hour, end_hour, min_hours: 3.0 };
        match self {
            Preset::SeAtl => Rules {
                min_rest_hours: Some(11.0),
                weekly_rest_hours: Some(36.0),
                max_hours_per_week: Some(48.0),
                averaging: Some(Averaging { weeks: 4, overtime_hours: 48.0 }),
                max_consecutive_days: None,
                max_consecutive_nights: None,
                max_weekends: None,
                max_shifts_per_day: Some(1),
                min_consecutive_days: None,
                min_consecutive_days_off: None,
                night: night(22, 6),
            },
            Preset::NoAml => Rules {
                min_rest_hours: Some(11.0),
                weekly_rest_hours: Some(35.0),
                max_hours_per_week: Some(48.0),
                averaging: Some(Averaging { weeks: 4, overtime_hours: 25.0 }),
                max_consecutive_days: None,
                max_consecutive_nights: None,
                max_weekends: None,
                max_shifts_per_day: Some(1),
                min_consecutive_days: None,
                min_consecutive_days_off: None,
                night: night(21, 6),
            },
            Preset::EuWtd => Rules {
                min_rest_hours: Some(11.0),
                weekly_rest_hours: Some(35.0),
                max_hours_per_week: Some(48.0),
                averaging: None,
                max_consecutive_days: None,
                max_consecutive_nights: None,
                max_weekends: None,
                max_shifts_per_day: Some(1),
                min_consecutive_days: None,
                min_consecutive_days_off: None,
                night: night(22, 6),
            },
            Preset::None => Rules {
                min_rest_hours: None,
                weekly_rest_hours: None,
                max_hours_per_week: None,
                averaging: None,
                max_consecutive_days: None,
                max_consecutive_nights: None,
                max_weekends: None,
                max_shifts_per_day: None,
                min_consecutive_days: None,
                min_consecutive_days_off: None,
                night: night(22, 6),
            },
        }
    }
}

/// The averaging rule: over consecutive blocks of `weeks` weeks from the horizon start, hours
/// worked may not exceed the contracted weekly hours times the block length plus `overtime_hours`
/// (pro rata for a shorter last block).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Averaging {
    /// Block length in weeks (ATL: 4).
    pub weeks: u32,
    /// Allowed hours beyond contract per block (ATL 8 §: 48 h per 4 weeks).
    pub overtime_hours: f64,
}

/// Which hours make a shift a night shift.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NightDefinition {
    /// Local hour the night period starts (e.g. 22).
    pub start_hour: u32,
    /// Local hour the night period ends the next morning (e.g. 6).
    pub end_hour: u32,
    /// A shift with at least this many hours inside the night period is a night shift.
    pub min_hours: f64,
}

/// The effective limits for one staff member. `None` means the limit is off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rules {
    /// Least rest between the end of one shift and the start of the next, hours.
    pub min_rest_hours: Option<f64>,
    /// Least continuous rest inside every 7-day period counted from the horizon start, hours.
    pub weekly_rest_hours: Option<f64>,
    /// Most hours in every 7-day period counted from the horizon start (a shift counts in the
    /// period of the local date it starts on).
    pub max_hours_per_week: Option<f64>,
    /// Contract plus allowed overtime over averaging blocks.
    pub averaging: Option<Averaging>,
    /// Most consecutive days with a shift starting on them.
    pub max_consecutive_days: Option<u32>,
    /// Most consecutive days with a night shift starting on them.
    pub max_consecutive_nights: Option<u32>,
    /// Most weekends (Saturday 00:00 to Monday 00:00) touched by a shift, over the horizon.
    pub max_weekends: Option<u32>,
    /// Most shifts starting on one local date.
    pub max_shifts_per_day: Option<u32>,
    /// Least length of a run of consecutive working days. Runs touching the start or end of
    /// the horizon are exempt (the roster may continue outside it).
    pub min_consecutive_days: Option<u32>,
    /// Least length of a run of consecutive days off. Runs touching the start or end of the
    /// horizon are exempt.
    pub min_consecutive_days_off: Option<u32>,
    /// What counts as a night shift.
    pub night: NightDefinition,
}

/// Overrides of individual limits. Absent fields keep the inherited value; `null` turns a
/// limit off.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleOverrides {
    /// See [`Rules::min_rest_hours`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub min_rest_hours: Option<Option<f64>>,
    /// See [`Rules::weekly_rest_hours`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub weekly_rest_hours: Option<Option<f64>>,
    /// See [`Rules::max_hours_per_week`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub max_hours_per_week: Option<Option<f64>>,
    /// See [`Rules::averaging`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Averaging>")]
    pub averaging: Option<Option<Averaging>>,
    /// See [`Rules::max_consecutive_days`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub max_consecutive_days: Option<Option<u32>>,
    /// See [`Rules::max_consecutive_nights`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub max_consecutive_nights: Option<Option<u32>>,
    /// See [`Rules::max_weekends`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub max_weekends: Option<Option<u32>>,
    /// See [`Rules::max_shifts_per_day`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub max_shifts_per_day: Option<Option<u32>>,
    /// See [`Rules::min_consecutive_days`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub min_consecutive_days: Option<Option<u32>>,
    /// See [`Rules::min_consecutive_days_off`].
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u32>")]
    pub min_consecutive_days_off: Option<Option<u32>>,
    /// See [`Rules::night`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night: Option<NightDefinition>,
}

/// Deserialises a field that is present (possibly `null`) as `Some(value)`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl Rules {
    /// These rules with `overrides` applied on top.
    pub fn overridden(&self, overrides: &RuleOverrides) -> Rules {
        let mut r = self.clone();
        macro_rules! apply {
            ($($field:ident),*) => {$(
                if let Some(v) = overrides.$field { r.$field = v; }
            )*};
        }
        apply!(
            min_rest_hours,
            weekly_rest_hours,
            max_hours_per_week,
            averaging,
            max_consecutive_days,
            max_consecutive_nights,
            max_weekends,
            max_shifts_per_day,
            min_consecutive_days,
            min_consecutive_days_off
        );
        if let Some(night) = overrides.night {
            r.night = night;
        }
        r
    }
}

/// Every hard rule the checker verifies, with its legal citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The assignment names a vacancy or staff member that does not exist, or repeats one.
    UnknownReference,
    /// The staff member lacks the vacancy's competence (and any substitute for it).
    Competence,
    /// The staff member is not introduced to the vacancy's unit or its site.
    Introduction,
    /// The shift overlaps a period the staff member is unavailable.
    Availability,
    /// More people assigned than the vacancy's headcount.
    Headcount,
    /// Two shifts of one person overlap.
    Overlap,
    /// Too little rest between two shifts.
    MinRest,
    /// No long enough continuous rest in a 7-day period.
    WeeklyRest,
    /// Too many hours in a 7-day period.
    MaxHoursPerWeek,
    /// Too many hours in an averaging block (contract + overtime).
    Averaging,
    /// More hours over the horizon than the staff member's `max_hours`.
    MaxHours,
    /// Fewer hours over the horizon than the staff member's `min_hours`.
    MinHours,
    /// Too many consecutive working days.
    MaxConsecutiveDays,
    /// Too many consecutive night shifts.
    MaxConsecutiveNights,
    /// Too many working weekends.
    MaxWeekends,
    /// Too many shifts starting on one day.
    MaxShiftsPerDay,
    /// A shift type followed on the next day by one that may not follow it.
    ShiftSuccession,
    /// Too many shifts of one type.
    MaxShiftsByType,
    /// A run of working days shorter than the minimum.
    MinConsecutiveDays,
    /// A run of days off shorter than the minimum.
    MinConsecutiveDaysOff,
    /// The roster's stated objective differs from the recomputed one.
    Objective,
}

impl RuleKind {
    /// The legal source of this rule under `preset`.
    pub fn citation(self, preset: Preset) -> &'static str {
        use Preset::*;
        use RuleKind::*;
        match (self, preset) {
            (UnknownReference | Headcount | Objective, _) => "roster consistency",
            (Competence | Introduction, SeAtl) => "patient safety: Patientsäkerhetslagen (2010:659) 6 kap. 1 §",
            (Competence | Introduction, NoAml) => "patient safety: helsepersonelloven § 4",
            (Competence | Introduction, EuWtd | None) => "competence and introduction requirements of the employer",
            (Availability, _) => "staff availability (leave, training, sickness)",
            (Overlap, _) => "one person cannot work two shifts at once",
            (MinRest, SeAtl) => "Arbetstidslagen 13 § (dygnsvila, 11 h)",
            (MinRest, NoAml) => "arbeidsmiljøloven § 10-8 (1) (daglig arbeidsfri, 11 h)",
            (MinRest | WeeklyRest | MaxHoursPerWeek | MaxConsecutiveNights, None) => "scenario rule",
            (MinRest, EuWtd) => "Directive 2003/88/EC Art. 3 (daily rest, 11 h)",
            (WeeklyRest, SeAtl) => "Arbetstidslagen 14 § (veckovila, 36 h per 7 days)",
            (WeeklyRest, NoAml) => "arbeidsmiljøloven § 10-8 (2) (ukentlig arbeidsfri, 35 h)",
            (WeeklyRest, EuWtd) => "Directive 2003/88/EC Art. 5 (weekly rest, 24 h + 11 h)",
            (MaxHoursPerWeek, SeAtl) => "Arbetstidslagen 10 b § (48 h per week)",
            (MaxHoursPerWeek, NoAml) => "arbeidsmiljøloven § 10-6 (48 h per 7 days)",
            (MaxHoursPerWeek, EuWtd) => "Directive 2003/88/EC Art. 6 (48 h per 7 days)",
            (Averaging, SeAtl) => "Arbetstidslagen 5 § and 8 § (ordinary time averaged, overtime 48 h per 4 weeks)",
            (Averaging, NoAml) => "arbeidsmiljøloven § 10-4 and § 10-6 (overtime 25 h per 4 weeks)",
            (Averaging, EuWtd | None) => "employment contract (contracted hours plus agreed overtime)",
            (MaxHours | MinHours, _) => "employment contract (hours over the horizon)",
            (MaxConsecutiveDays, _) => "collective agreement / scenario rule (consecutive working days)",
            (MaxConsecutiveNights, SeAtl) => "Arbetstidslagen 13 a § and collective agreement (night work)",
            (MaxConsecutiveNights, NoAml) => "arbeidsmiljøloven § 10-11 and collective agreement (night work)",
            (MaxConsecutiveNights, EuWtd) => "Directive 2003/88/EC Art. 8 and collective agreement (night work)",
            (MaxWeekends, _) => "collective agreement / scenario rule (working weekends)",
            (MaxShiftsPerDay, _) => "collective agreement / scenario rule (shifts per day)",
            (ShiftSuccession, _) => "collective agreement / scenario rule (shift type that may not follow another)",
            (MaxShiftsByType, _) => "employment contract / scenario rule (shifts of one type)",
            (MinConsecutiveDays, _) => "collective agreement / scenario rule (shortest run of working days)",
            (MinConsecutiveDaysOff, _) => "collective agreement / scenario rule (shortest run of days off)",
        }
    }

    /// The snake_case name used in JSON and messages.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_switches_off_and_absent_keeps() {
        let o: RuleOverrides = serde_json::from_str(r#"{"min_rest_hours": null, "max_weekends": 2}"#).unwrap();
        let r = Preset::SeAtl.rules().overridden(&o);
        assert_eq!(r.min_rest_hours, None);
        assert_eq!(r.max_weekends, Some(2));
        assert_eq!(r.weekly_rest_hours, Some(36.0));
    }

    #[test]
    fn every_rule_has_a_citation_under_every_preset() {
        for p in Preset::ALL {
            assert!(RuleKind::WeeklyRest.citation(p).len() > 5);
        }
        assert!(RuleKind::MinRest.citation(Preset::SeAtl).contains("13 §"));
        assert_eq!(RuleKind::MaxConsecutiveDays.name(), "max_consecutive_days");
    }
}
