//! Hire profiles: what a hypothetical new member of the pool looks like (competences, units or
//! sites, contract, cost), where profiles come from (a profiles file, or built-in defaults
//! derived from the scenario, one per competence), and how a profile becomes scenario staff.

use roster::error::InputError;
use roster::rules::RuleOverrides;
use roster::scenario::{Contract, Scenario, Staff};
use roster::LoadError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Share of a competence's agency price per hour that a built-in profile's hire costs per
/// contracted hour. An assumption (salary plus on-costs of an employee against an agency rate),
/// stated in README; give a profiles file for real figures.
pub const DEFAULT_COST_SHARE: f64 = 0.6;

/// A profiles file: `{"profiles": [...]}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// The profiles, referred to by id on the command line (`--add ID=RANGE`).
    pub profiles: Vec<Profile>,
}

/// A kind of hire the analyst may add to the pool, any number of times.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Unique id, used in `--add ID=RANGE` and in result columns.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Competence ids the hire holds.
    pub competences: Vec<String>,
    /// Unit ids the hire will be introduced to.
    #[serde(default)]
    pub units: Vec<String>,
    /// Site ids the hire will be introduced to as a whole.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Contracted working time (`hours_per_week`, `employment_rate`).
    pub contract: Contract,
    /// What one hire costs.
    pub cost: HireCost,
    /// Most hours over the horizon (hard), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
    /// Personal overrides of the scenario's labour rules.
    #[serde(default)]
    pub rules: RuleOverrides,
}

/// The cost of one hire, in the scenario's agency-cost units (with the default agency price of
/// 1 per hour these are agency hours).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum HireCost {
    /// Per contracted hour: the hire is paid the contract whether or not the hours are used.
    PerHour(f64),
    /// Per year (365 days), pro rata over the horizon.
    PerYear(f64),
}

impl Profile {
    /// Contracted hours over a horizon of `days` days.
    pub fn contract_hours(&self, days: i64) -> f64 {
        self.contract.hours_per_week * self.contract.employment_rate * days as f64 / 7.0
    }

    /// What one hire costs over a horizon of `days` days.
    pub fn cost_over(&self, days: i64) -> f64 {
        match self.cost {
            HireCost::PerHour(per_hour) => per_hour * self.contract_hours(days),
            HireCost::PerYear(per_year) => per_year * days as f64 / 365.0,
        }
    }

    /// The scenario staff member for copy `copy` (1-based) of this profile, with id `id`.
    pub fn staff(&self, id: String, copy: u32) -> Staff {
        let label = if self.name.is_empty() { self.id.clone() } else { self.name.clone() };
        Staff {
            id,
            name: format!("{label} (new hire {copy})"),
            competences: self.competences.clone(),
            units: self.units.clone(),
            sites: self.sites.clone(),
            contract: self.contract.clone(),
            min_hours: None,
            max_hours: self.max_hours,
            unavailable: Vec::new(),
            bookings: Vec::new(),
            preferences: Vec::new(),
            max_shifts_by_type: BTreeMap::new(),
            requests: Vec::new(),
            rules: self.rules.clone(),
        }
    }
}

/// Reads a profiles file and checks it against `scenario`: ids unique and non-empty, every
/// competence, unit and site known, contract and cost in range. Problems carry their JSON path
/// in the profiles file.
pub fn load_profiles(file: &Path, scenario: &Scenario) -> Result<Vec<Profile>, LoadError> {
    let parsed: ProfileFile = roster::error::read_json(file)?;
    let errors = validate(&parsed.profiles, scenario);
    if errors.is_empty() {
        Ok(parsed.profiles)
    } else {
        Err(LoadError::Invalid { file: file.to_path_buf(), errors })
    }
}

/// Every problem of `profiles` against `scenario`, with JSON paths (`profiles[i].field`).
pub fn validate(profiles: &[Profile], scenario: &Scenario) -> Vec<InputError> {
    let competences: HashSet<&str> = scenario.competences.iter().map(|c| c.id.as_str()).collect();
    let sites: HashSet<&str> = scenario.sites.iter().map(|s| s.id.as_str()).collect();
    let units: HashSet<&str> = scenario.sites.iter().flat_map(|s| s.units.iter().map(|u| u.id.as_str())).collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, p) in profiles.iter().enumerate() {
        let at = |field: &str| format!("profiles[{i}].{field}");
        if p.id.is_empty() || p.id.contains(['=', ',', ' ']) {
            errors.push(InputError::new(at("id"), "expected a non-empty id without '=', ',' or spaces"));
        }
        if !seen.insert(p.id.as_str()) {
            errors.push(InputError::new(at("id"), format!("duplicate profile id {:?}", p.id)));
        }
        if p.competences.is_empty() {
            errors.push(InputError::new(at("competences"), "expected at least one competence"));
        }
        let lists =
            [("competences", &p.competences, &competences), ("units", &p.units, &units), ("sites", &p.sites, &sites)];
        for (field, list, known) in lists {
            for (j, id) in list.iter().enumerate() {
                if !known.contains(id.as_str()) {
                    let mut names: Vec<&str> = known.iter().copied().collect();
                    names.sort_unstable();
                    errors.push(InputError::new(
                        format!("profiles[{i}].{field}[{j}]"),
                        format!(
                            "unknown {} {id:?} in the scenario (known: {})",
                            &field[..field.len() - 1],
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        if p.units.is_empty() && p.sites.is_empty() {
            errors.push(InputError::new(at("units"), "expected at least one unit or site to introduce the hire to"));
        }
        let c = &p.contract;
        if !(c.hours_per_week > 0.0 && c.hours_per_week <= 168.0) {
            errors.push(InputError::new(
                at("contract.hours_per_week"),
                format!("expected hours above 0 and at most 168, got {}", c.hours_per_week),
            ));
        }
        if !(c.employment_rate > 0.0 && c.employment_rate <= 1.0) {
            errors.push(InputError::new(
                at("contract.employment_rate"),
                format!("expected a rate in (0, 1], got {}", c.employment_rate),
            ));
        }
        let (field, value) = match p.cost {
            HireCost::PerHour(x) => ("cost.per_hour", x),
            HireCost::PerYear(x) => ("cost.per_year", x),
        };
        if !(value >= 0.0 && value.is_finite()) {
            errors.push(InputError::new(at(field), format!("expected a cost >= 0, got {value}")));
        }
        if let Some(h) = p.max_hours.filter(|h| !(0.0..=100_000.0).contains(h)) {
            errors.push(InputError::new(at("max_hours"), format!("expected hours between 0 and 100000, got {h}")));
        }
    }
    errors
}

/// The built-in profile of each competence of `scenario`, with the competence's id: that one
/// competence, the unit and site set most common among the staff holding it (ties: the first
/// met in file order; nobody holds it: the units of its vacancies), the most common full-time
/// weekly hours among them (else 40) at employment rate 1, and a cost per hour of
/// [`DEFAULT_COST_SHARE`] times the competence's agency price.
pub fn default_profiles(scenario: &Scenario) -> Vec<Profile> {
    scenario
        .competences
        .iter()
        .map(|c| {
            let holders: Vec<&Staff> = scenario.staff.iter().filter(|s| s.competences.contains(&c.id)).collect();
            let mut introductions = holders.iter().map(|s| (sorted(&s.units), sorted(&s.sites)));
            let (units, sites) = most_common(&mut introductions).unwrap_or_else(|| {
                let units = scenario.vacancies.iter().filter(|v| v.competence == c.id).map(|v| v.unit.clone());
                (sorted(&units.collect::<Vec<_>>()), Vec::new())
            });
            let hours = most_common(&mut holders.iter().map(|s| s.contract.hours_per_week.to_bits()))
                .map_or(40.0, f64::from_bits);
            let price =
                scenario.agency.cost_per_hour.get(&c.id).copied().unwrap_or(scenario.agency.default_cost_per_hour);
            Profile {
                id: c.id.clone(),
                name: if c.name.is_empty() { c.id.clone() } else { c.name.clone() },
                competences: vec![c.id.clone()],
                units,
                sites,
                contract: Contract { hours_per_week: hours, employment_rate: 1.0 },
                cost: HireCost::PerHour(DEFAULT_COST_SHARE * price),
                max_hours: None,
                rules: RuleOverrides::default(),
            }
        })
        .collect()
}

/// `given` profiles followed by the built-in profile of every competence whose id none of them
/// takes: a profiles file overrides the defaults by id.
pub fn with_defaults(mut given: Vec<Profile>, scenario: &Scenario) -> Vec<Profile> {
    let defaults: Vec<Profile> =
        default_profiles(scenario).into_iter().filter(|d| !given.iter().any(|p| p.id == d.id)).collect();
    given.extend(defaults);
    given
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut out = ids.to_vec();
    out.sort();
    out.dedup();
    out
}

/// The most frequent item (ties: the first met).
fn most_common<T: PartialEq>(items: &mut dyn Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(seen, _)| *seen == item) {
            Some((_, n)) => *n += 1,
            None => counts.push((item, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(item, _)| item)
}
