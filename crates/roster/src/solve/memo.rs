//! Components solved once for several solves. The points of a what-if sweep differ only in the
//! staff hired or gone; every group of staff and vacancies those people do not touch (an
//! independent component) is the same at every point, yet each point would solve it again: on
//! the sample pool the 14 assistant nurses' component, untouched by specialist-nurse hires,
//! takes longer than the rest of an easy point.
//!
//! A [`ComponentMemo`] is told up front which components to remember ([`component_keys`] of
//! each point, the keys seen more than once). A remembered component is solved without the
//! caller's starting roster and on one thread, so its roster depends on nothing but its key:
//! whichever solve gets there first stores what any other would have found, and the results
//! of a sweep do not depend on which point ran first. The key is a 128-bit digest of everything
//! the component's solve reads: its staff and vacancies in full (ids, rules, contracts,
//! bookings, requests, …), the scenario-wide data (zone, horizon, competences, units, shift
//! types, weights) and the options that change the outcome (time limit, gap, seed, secondary,
//! search). The scenario's name and everything outside the component are not in it.

use super::SolveOptions;
use crate::backend::MipOutcome;
use crate::eligibility::{components, Candidates, Component};
use crate::model::Instance;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What identifies a component's solve: a digest of all it depends on (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ComponentKey(u64, u64);

/// Components shared by several solves, and the outcome of each once one solve has it.
#[derive(Default)]
pub struct ComponentMemo {
    shared: HashSet<ComponentKey>,
    solved: Mutex<HashMap<ComponentKey, Remembered>>,
    reused: AtomicUsize,
}

impl std::fmt::Debug for ComponentMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentMemo")
            .field("shared", &self.shared.len())
            .field("solved", &lock(&self.solved).len())
            .field("reused", &self.reused())
            .finish()
    }
}

impl ComponentMemo {
    /// A memo of the components with these keys (typically those found in more than one of the
    /// scenarios to be solved; see [`ComponentMemo::of_repeated`]).
    pub fn new(shared: impl IntoIterator<Item = ComponentKey>) -> ComponentMemo {
        ComponentMemo { shared: shared.into_iter().collect(), ..ComponentMemo::default() }
    }

    /// A memo of the components that occur more than once among `keys` (the
    /// [`component_keys`] of each scenario, concatenated).
    pub fn of_repeated(keys: impl IntoIterator<Item = ComponentKey>) -> ComponentMemo {
        let mut seen = HashSet::new();
        let repeated: HashSet<ComponentKey> = keys.into_iter().filter(|k| !seen.insert(*k)).collect();
        ComponentMemo::new(repeated)
    }

    /// How many components are remembered.
    pub fn shared(&self) -> usize {
        self.shared.len()
    }

    /// How many component solves were saved so far (outcomes handed out instead of a solve).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::SeqCst)
    }

    pub(super) fn remembers(&self, key: &ComponentKey) -> bool {
        self.shared.contains(key)
    }

    /// The stored outcome of `key`, if any solve has stored it, with its roster as (vacancy,
    /// staff) indices of `instance`.
    pub(super) fn recall(&self, key: &ComponentKey, instance: &Instance) -> Option<(Remembered, Vec<(usize, usize)>)> {
        let found = lock(&self.solved).get(key).cloned()?;
        let assigned = found.assigned_in(instance)?;
        self.reused.fetch_add(1, Ordering::SeqCst);
        Some((found, assigned))
    }

    /// Stores the outcome of `key` (the first one stored stays: any other is the same).
    pub(super) fn store(&self, key: ComponentKey, remembered: Remembered) {
        if self.shared.contains(&key) {
            lock(&self.solved).entry(key).or_insert(remembered);
        }
    }
}

/// A component's outcome in terms that hold in another scenario with the same component: the
/// roster by ids rather than indices.
#[derive(Debug, Clone)]
pub(super) struct Remembered {
    /// Without its columns (the roster is `assigned`).
    pub outcome: MipOutcome,
    pub worst_case: f64,
    /// (vacancy id, staff id) pairs.
    pub assigned: Vec<(String, String)>,
    pub infeasibility: Vec<String>,
    pub variables: usize,
    pub rows: usize,
}

impl Remembered {
    /// The roster as (vacancy, staff) indices of `instance`; `None` if an id is not there
    /// (never, for a component with the same key).
    fn assigned_in(&self, instance: &Instance) -> Option<Vec<(usize, usize)>> {
        let staff: HashMap<&str, usize> = instance.staff.iter().enumerate().map(|(i, m)| (m.id.as_str(), i)).collect();
        let vacancies: HashMap<&str, usize> =
            instance.vacancies.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
        self.assigned.iter().map(|(v, s)| Some((*vacancies.get(v.as_str())?, *staff.get(s.as_str())?))).collect()
    }
}

/// The key of each component of `instance` (in the order [`crate::eligibility::components`]
/// gives them) as solved with `options`.
pub fn component_keys(instance: &Instance, options: &SolveOptions) -> Vec<ComponentKey> {
    let candidates = Candidates::of(instance);
    components(instance, &candidates).iter().map(|c| key(instance, c, options)).collect()
}

/// The key of `component` of `instance` solved with `options`.
pub(super) fn key(instance: &Instance, component: &Component, options: &SolveOptions) -> ComponentKey {
    // Debug output of the model types is complete and ordered (no hash maps in them).
    let mut text = format!(
        "{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}\n",
        instance.zone,
        instance.preset,
        instance.start_date,
        instance.days,
        (instance.horizon_start, instance.horizon_end, instance.now, instance.notice_days),
        instance.competences,
        instance.sites,
        instance.units,
        instance.shift_types,
        instance.weights,
        (options.time_limit, options.gap, options.seed, options.secondary, options.search),
        component.staff.len(),
    );
    for &s in &component.staff {
        text.push_str(&format!("{:?}\n", instance.staff[s]));
    }
    for &v in &component.vacancies {
        text.push_str(&format!("{:?}\n", instance.vacancies[v]));
    }
    let digest = |salt: u64| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut hasher);
        text.hash(&mut hasher);
        hasher.finish()
    };
    ComponentKey(digest(0x5eed_0001), digest(0x5eed_0002))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
