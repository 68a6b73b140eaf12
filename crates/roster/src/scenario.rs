//! The scenario file format (JSON, `format_version` 1): what a planner hands the optimiser.
//!
//! These types mirror the JSON one to one and carry no solver or resolved-time logic;
//! [`crate::model::Instance::from_scenario`] validates a [`Scenario`] and turns it into the
//! indexed, time-resolved form every other module works on. `roster schema` prints the
//! JSON Schema generated from these types, and README documents every field.

use crate::rules::RuleOverrides;
use crate::time::WallClock;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The scenario format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A staffing-pool planning problem: who is in the pool, which shifts are vacant, which rules apply.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub format_version: u32,
    /// Free-text name shown in reports.
    #[serde(default)]
    pub name: String,
    /// IANA time zone of every wall-clock time in the file (default `Europe/Stockholm`).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// The planning period: local dates, `start` inclusive, `end` exclusive (midnight to midnight).
    pub horizon: Horizon,
    /// Competences (professions and specialisations) and which may stand in for which.
    pub competences: Vec<Competence>,
    /// Hospital sites, each with its units (wards, clinics).
    pub sites: Vec<Site>,
    /// Named kinds of shift (e.g. early, late, night) with the kinds that may not follow
    /// them on the next day. Vacancies and requests refer to them by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shift_types: Vec<ShiftType>,
    /// Labour rules: a legal preset plus overrides, applying to every staff member.
    #[serde(default)]
    pub rules: RuleSettings,
    /// What an uncovered vacancy hour costs when bought from a staffing agency.
    #[serde(default)]
    pub agency: AgencyCosts,
    /// Weights of the secondary objective terms. They never trade against agency cost.
    #[serde(default)]
    pub objective: ObjectiveWeights,
    /// When the plan is made and how far ahead published shifts are frozen (used when solving
    /// against a previous roster).
    #[serde(default, skip_serializing_if = "Planning::is_unset")]
    pub planning: Planning,
    /// The pool's staff.
    pub staff: Vec<Staff>,
    /// Vacant shifts the pool may cover; whatever it does not cover goes to the agency.
    pub vacancies: Vec<Vacancy>,
}

/// When the roster is planned, for re-optimising against a previously published roster.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Planning {
    /// The moment the plan is made (local wall-clock time); default: the horizon start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<WallClock>,
    /// Notice period in days: published shifts starting before `now` + this many days are kept
    /// as they are. Default from the rule preset: 14 for `se-atl` (ATL 12 §), `no-aml`
    /// (aml. § 10-3) and `eu-wtd`, 0 for `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_days: Option<u32>,
}

impl Planning {
    /// Neither field given (the section is then left out when writing).
    pub fn is_unset(&self) -> bool {
        self.now.is_none() && self.notice_days.is_none()
    }
}

fn default_time_zone() -> String {
    "Europe/Stockholm".to_string()
}

/// The planning period in local dates.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First day (local midnight).
    pub start: NaiveDate,
    /// Day after the last day (exclusive).
    pub end: NaiveDate,
}

/// A competence such as `rn` (registered nurse) or `icu` (intensive-care nurse).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    /// Unique id, referenced by staff and vacancies.
    pub id: String,
    /// Human-readable name.
    #[serde(default)]
    pub name: String,
    /// Competences this one may fill a vacancy for, e.g. an `icu` nurse may fill an `rn` vacancy.
    #[serde(default)]
    pub substitutes_for: Vec<Substitution>,
}

/// "Holders of this competence may fill vacancies requiring `competence`".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    /// The competence that may be stood in for.
    pub competence: String,
    /// Secondary-objective penalty per hour worked as a substitute (default 0).
    #[serde(default)]
    pub penalty_per_hour: f64,
}

/// A hospital site.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Unique id among sites.
    pub id: String,
    /// Human-readable name.
    #[serde(default)]
    pub name: String,
    /// Units (wards) at this site.
    pub units: Vec<Unit>,
}

/// A hospital unit (ward, clinic) where vacancies arise.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique id among all units of all sites.
    pub id: String,
    /// Human-readable name.
    #[serde(default)]
    pub name: String,
}

/// A kind of shift.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftType {
    /// Unique id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Shift types nobody may work on the day after working this one (a staff member's day is
    /// the local date a shift starts on). Only days inside the horizon are checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cannot_be_followed_by: Vec<String>,
}

/// Which labour-law preset applies, plus scenario-wide overrides of its limits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// `se-atl` (Swedish Arbetstidslagen, the default), `no-aml` (Norwegian arbeidsmiljøloven) or `eu-wtd`.
    #[serde(default)]
    pub preset: Option<String>,
    /// Overrides of individual limits; `null` switches a limit off.
    #[serde(flatten)]
    pub overrides: RuleOverrides,
}

/// Agency prices.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyCosts {
    /// Cost of one agency hour when the competence has no entry in `cost_per_hour` (default 1,
    /// so that the objective counts agency hours).
    #[serde(default = "one")]
    pub default_cost_per_hour: f64,
    /// Cost of one agency hour by competence id.
    #[serde(default)]
    pub cost_per_hour: BTreeMap<String, f64>,
}

impl Default for AgencyCosts {
    fn default() -> Self {
        AgencyCosts { default_cost_per_hour: 1.0, cost_per_hour: BTreeMap::new() }
    }
}

fn one() -> f64 {
    1.0
}

/// Weights of the secondary objective, optimised only among rosters with the least agency cost.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveWeights {
    /// Per hour a staff member works beyond their contracted hours over the horizon (default 1).
    #[serde(default = "one")]
    pub overtime_per_hour: f64,
    /// Per hour of deviation from an even spread of hours relative to contract (default 0.2).
    #[serde(default = "default_fairness")]
    pub fairness_per_hour: f64,
    /// Multiplies each preference's weight (default 1).
    #[serde(default = "one")]
    pub preference: f64,
    /// Per shift added to or removed from a published roster beyond the notice period, when
    /// solving against a previous roster (default 100: above any other secondary term of a shift,
    /// so the roster stays as published wherever agency cost allows).
    #[serde(default = "default_change")]
    pub change_per_shift: f64,
}

fn default_change() -> f64 {
    100.0
}

fn default_fairness() -> f64 {
    0.2
}

impl Default for ObjectiveWeights {
    fn default() -> Self {
        ObjectiveWeights {
            overtime_per_hour: 1.0,
            fairness_per_hour: default_fairness(),
            preference: 1.0,
            change_per_shift: default_change(),
        }
    }
}

/// A member of the staffing pool.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Unique id.
    pub id: String,
    /// Name shown in reports.
    #[serde(default)]
    pub name: String,
    /// Competence ids held.
    pub competences: Vec<String>,
    /// Unit ids the staff member is introduced to.
    #[serde(default)]
    pub units: Vec<String>,
    /// Site ids the staff member is introduced to as a whole (every unit of the site).
    #[serde(default)]
    pub sites: Vec<String>,
    /// Contracted working time.
    pub contract: Contract,
    /// Least hours to work over the horizon, bookings included (hard).
    #[serde(default)]
    pub min_hours: Option<f64>,
    /// Most hours to work over the horizon, bookings included (hard). When absent the
    /// averaging rule (contract plus allowed overtime) limits the hours.
    #[serde(default)]
    pub max_hours: Option<f64>,
    /// Periods the staff member cannot work (leave, training, sickness).
    #[serde(default)]
    pub unavailable: Vec<Absence>,
    /// Shifts already booked outside this optimisation; they count for rest and hours.
    #[serde(default)]
    pub bookings: Vec<Booking>,
    /// Soft wishes: wanted and unwanted periods.
    #[serde(default)]
    pub preferences: Vec<Preference>,
    /// Most shifts of each shift type over the horizon (`0` = never works that type).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub max_shifts_by_type: BTreeMap<String, u32>,
    /// Weighted requests to work, or not to work, a shift type on a date. Unlike
    /// `preferences` they are part of the primary objective, in the same units as agency cost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<ShiftRequest>,
    /// Personal overrides of the labour-rule limits; `null` switches a limit off.
    #[serde(default)]
    pub rules: RuleOverrides,
}

/// A request for (`on`) or against (`off`) working on a date.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftRequest {
    /// `on`: cost `weight` if the person does not work that shift type that day; `off`: cost
    /// `weight` for each such shift they do work.
    pub kind: RequestKind,
    /// The local date.
    pub date: NaiveDate,
    /// The shift type; absent means any shift that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift_type: Option<String>,
    /// Cost, in the units of agency cost.
    pub weight: f64,
}

/// Direction of a [`ShiftRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Wants to work it.
    On,
    /// Wants not to work it.
    Off,
}

/// Contracted working time.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Full-time weekly hours of the contract (for example 40, or 38.25 for rotating shifts).
    pub hours_per_week: f64,
    /// Employment rate (sysselsättningsgrad), 0 < rate <= 1 (default 1).
    #[serde(default = "one")]
    pub employment_rate: f64,
}

/// A period the staff member is not available.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Local start.
    pub start: WallClock,
    /// Local end (exclusive).
    pub end: WallClock,
    /// Free text, e.g. `leave`, `training`.
    #[serde(default)]
    pub reason: String,
}

/// A shift already worked or booked outside this optimisation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    /// Local start.
    pub start: WallClock,
    /// Local end.
    pub end: WallClock,
    /// Unpaid break in minutes.
    #[serde(default)]
    pub break_minutes: u32,
    /// Free text shown in messages (e.g. home unit and shift).
    #[serde(default)]
    pub label: String,
}

/// A soft wish about a period.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preference {
    /// `wanted` (rewarded when a shift overlaps it) or `unwanted` (penalised).
    pub kind: PreferenceKind,
    /// Local start.
    pub start: WallClock,
    /// Local end.
    pub end: WallClock,
    /// Weight per overlapping shift (default 1).
    #[serde(default = "one")]
    pub weight: f64,
}

/// Whether a preference asks for or against work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PreferenceKind {
    /// The staff member would like to work then.
    Wanted,
    /// The staff member would rather not work then.
    Unwanted,
}

/// A vacant shift at a unit.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vacancy {
    /// Unique id.
    pub id: String,
    /// Unit id.
    pub unit: String,
    /// Required competence id.
    pub competence: String,
    /// Local start.
    pub start: WallClock,
    /// Local end (real elapsed time is used across DST changes).
    pub end: WallClock,
    /// Unpaid break in minutes; paid hours = elapsed - break.
    #[serde(default)]
    pub break_minutes: u32,
    /// How many people the unit needs for this shift (default 1).
    #[serde(default = "one_u32")]
    pub headcount: u32,
    /// Multiplies the agency cost of leaving this vacancy uncovered (default 1).
    #[serde(default = "one")]
    pub priority: f64,
    /// The shift type (for succession rules, per-type limits and requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift_type: Option<String>,
    /// Cost of each person of the headcount left uncovered; replaces hours x agency price x
    /// priority when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_uncovered: Option<f64>,
    /// People beyond the headcount who may still be assigned, at a cost each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_cover: Option<OverCover>,
}

/// Over-cover allowance of a vacancy.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverCover {
    /// Most extra people (absent: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Cost of each extra person.
    pub cost_per_person: f64,
}

fn one_u32() -> u32 {
    1
}
