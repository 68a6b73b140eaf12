//! The roster file format: what the solver writes and the checker reads.
//!
//! A roster names assignments by vacancy and staff id, so the checker can verify it against the
//! scenario alone. The `agency`, `kpi` and `solve` sections are reports; the checker recomputes
//! what it needs from `assignments` and only compares the stated objective.

use crate::rules::RuleKind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A solved (or hand-made) roster.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Roster {
    /// Format version (1).
    pub format_version: u32,
    /// Name of the scenario it was solved for.
    #[serde(default)]
    pub scenario: String,
    /// Who works which vacancy.
    pub assignments: Vec<Assignment>,
    /// Vacancies (or parts of their headcount) left to the agency, with the reason.
    #[serde(default)]
    pub agency: Vec<AgencyShift>,
    /// Key figures.
    #[serde(default)]
    pub kpi: Option<Kpi>,
    /// How the solve went.
    #[serde(default)]
    pub solve: Option<SolveReport>,
}

/// One staff member working one vacancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assignment {
    /// Vacancy id.
    pub vacancy: String,
    /// Staff id.
    pub staff: String,
    /// Unit id (informative).
    #[serde(default)]
    pub unit: String,
    /// Local start with offset (informative).
    #[serde(default)]
    pub start: String,
    /// Local end with offset (informative).
    #[serde(default)]
    pub end: String,
    /// Paid hours (informative).
    #[serde(default)]
    pub hours: f64,
    /// Competence the staff member fills it with (informative; differs from the vacancy's when substituting).
    #[serde(default)]
    pub competence: String,
}

/// Headcount of a vacancy bought from the agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyShift {
    /// Vacancy id.
    pub vacancy: String,
    /// Unit id.
    pub unit: String,
    /// Required competence.
    pub competence: String,
    /// Local start with offset.
    pub start: String,
    /// People bought.
    pub headcount: u32,
    /// Paid hours per person.
    pub hours: f64,
    /// Agency cost of the missing people (hours x price x priority, or `cost_per_uncovered`, per person).
    pub cost: f64,
    /// Why the pool did not cover it.
    pub reason: AgencyReason,
}

/// Why a vacancy went to the agency, worked out from the same data the solver used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgencyReason {
    /// Nobody in the pool holds the competence or a substitute for it.
    NoCompetence,
    /// Qualified staff exist but none is introduced to the unit.
    NotIntroduced {
        /// Qualified staff ids.
        qualified: Vec<String>,
    },
    /// Everyone qualified and introduced is on leave, unavailable or already booked then.
    Unavailable {
        /// Staff ids and why each cannot come.
        staff: Vec<Blocker>,
    },
    /// Candidates exist, but each would break a labour rule given the rest of the roster.
    Blocked {
        /// Staff ids and the rules each would break.
        staff: Vec<Blocker>,
        /// True when every candidate is blocked only by shifts they cover instead: covering this
        /// one would leave something at least as costly to the agency.
        cheaper_overall: bool,
    },
    /// Every candidate already works this shift; the headcount needs more people than can take it.
    NotEnoughCandidates {
        /// The candidates, all assigned to this vacancy.
        assigned: Vec<String>,
    },
    /// The solve stopped before proving that this vacancy cannot be covered.
    NotProven {
        /// Candidate staff ids.
        candidates: Vec<String>,
    },
    /// The time limit ran out before the candidates' rosters were checked: the reason is not
    /// known (the roster itself is complete and checked).
    NotAnalysed {
        /// Candidate staff ids (qualified, introduced and available; their labour rules unchecked).
        candidates: Vec<String>,
    },
}

/// A number for people: at most `decimals` decimals, trailing zeros dropped, never `-0`
/// (`9.5`, `11`, `10.98`).
pub fn decimal(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

impl AgencyReason {
    /// The snake_case name used as `kind` in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            AgencyReason::NoCompetence => "no_competence",
            AgencyReason::NotIntroduced { .. } => "not_introduced",
            AgencyReason::Unavailable { .. } => "unavailable",
            AgencyReason::Blocked { .. } => "blocked",
            AgencyReason::NotEnoughCandidates { .. } => "not_enough_candidates",
            AgencyReason::NotProven { .. } => "not_proven",
            AgencyReason::NotAnalysed { .. } => "not_analysed",
        }
    }
}

/// One staff member and what stops them taking a vacancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Blocker {
    /// Staff id.
    pub staff: String,
    /// Rules that would be broken (empty for unavailability).
    #[serde(default)]
    pub rules: Vec<RuleKind>,
    /// Human-readable detail.
    pub detail: String,
}

/// Key figures of a roster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Kpi {
    /// Paid hours of all vacancies times headcount.
    pub vacancy_hours: f64,
    /// Of those, covered by the pool.
    pub pool_hours: f64,
    /// Of those, left to the agency.
    pub agency_hours: f64,
    /// Agency cost of the uncovered headcount: people left to the agency x the vacancy's cost
    /// per person (`cost_per_uncovered`, else hours x price x priority).
    pub agency_cost: f64,
    /// Cost of the people assigned beyond a vacancy's headcount (over-cover).
    #[serde(default)]
    pub over_cover_cost: f64,
    /// Cost of unmet staff requests (`on` requests not worked, `off` requests worked).
    #[serde(default)]
    pub request_cost: f64,
    /// Primary objective: agency cost + over-cover cost + request cost.
    pub objective: f64,
    /// Share of vacancy hours covered by the pool, 0..1.
    pub fill_rate: f64,
    /// Hours worked beyond contract, summed over staff (bookings included).
    pub overtime_hours: f64,
    /// Hours worked by substitutes (competence other than required).
    pub substitute_hours: f64,
    /// Per competence: vacancy, pool and agency hours.
    pub by_competence: Vec<CompetenceKpi>,
}

/// Key figures for one competence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetenceKpi {
    /// Competence id.
    pub competence: String,
    /// Vacancy hours.
    pub vacancy_hours: f64,
    /// Covered by the pool.
    pub pool_hours: f64,
    /// Left to the agency.
    pub agency_hours: f64,
}

/// How the solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal (the bound equals the objective within tolerance).
    Optimal,
    /// A roster was found; the gap to the bound is stated.
    Feasible,
    /// The hard rules cannot all be met.
    Infeasible,
    /// No roster was found within the limits.
    NoSolution,
}

/// The solve's honest account of itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SolveReport {
    /// Outcome.
    pub status: SolveStatus,
    /// Primary objective of the roster: agency cost + over-cover cost + request cost.
    pub objective: f64,
    /// Proven lower bound on the primary objective.
    pub best_bound: f64,
    /// Relative gap (objective - bound) / max(objective, 1e-9); 0 when optimal.
    pub gap: f64,
    /// Wall-clock seconds. Not written to roster files (the same input gives the same bytes);
    /// the CLI prints it and logs every phase's time.
    #[serde(default, skip_serializing)]
    pub seconds: f64,
    /// Independent components solved.
    pub components: usize,
    /// Decision variables in all models.
    pub variables: usize,
    /// Constraint rows in all models.
    pub rows: usize,
    /// Whether the secondary objective (overtime, fairness, preferences) was optimised to the end.
    pub secondary_optimal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_kind_matches_the_json_tag() {
        let reasons = [
            AgencyReason::NoCompetence,
            AgencyReason::NotIntroduced { qualified: vec![] },
            AgencyReason::Unavailable { staff: vec![] },
            AgencyReason::Blocked { staff: vec![], cheaper_overall: false },
            AgencyReason::NotEnoughCandidates { assigned: vec![] },
            AgencyReason::NotProven { candidates: vec![] },
            AgencyReason::NotAnalysed { candidates: vec![] },
        ];
        for r in reasons {
            let json = serde_json::to_value(&r).unwrap();
            assert_eq!(json["kind"], r.kind());
        }
    }
}
