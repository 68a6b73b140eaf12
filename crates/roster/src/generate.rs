//! A deterministic generator of realistic scenarios: a Swedish regional staffing pool
//! (*bemanningsenhet*) covering vacant shifts at the units of a few hospitals.
//!
//! It exists for examples, benchmarks, tests and the committed fixture
//! `fixtures/sample-pool.json` (`generate(&GenerateOptions::default())`). The random stream is
//! ChaCha8 seeded from [`GenerateOptions::seed`], which is value-stable across platforms and
//! releases of `rand_chacha`, and every collection in the output is a `Vec` or `BTreeMap`, so
//! the same options always give the same [`Scenario`], byte for byte once serialised. Each part
//! of the scenario (vacancies, staff, leave, bookings, preferences) draws from its own ChaCha
//! stream, so changing how one part is drawn leaves the others alone.
//!
//! # What is generated
//!
//! * **Horizon and rules**: `weeks` weeks from `start` (meant to be a Monday) in
//!   `Europe/Stockholm`; preset `se-atl` (11 h daily rest, 36 h weekly rest, 48 h per week,
//!   48 h overtime per 4 weeks) with scenario overrides `max_consecutive_days` 6,
//!   `max_consecutive_nights` 4 and `max_weekends` = ceil(weeks / 2) (every other weekend).
//!   The default horizon 2026-10-12 .. 2026-11-09 contains the autumn daylight-saving change
//!   (2026-10-25), so the night shift of 2026-10-24 lasts 11 real hours.
//! * **Sites**: 3 for up to 60 staff, 4 above, in Region Skåne: `sus-lund` (Skånes
//!   universitetssjukhus Lund), `sus-malmo` (Skånes universitetssjukhus Malmö), `hbg`
//!   (Helsingborgs lasarett) and `ystad` (Ystads lasarett).
//! * **Units**: one per five staff (at least 2), dealt over the sites in blocks of eight. Each
//!   block holds one intensive-care unit, one operation/anaesthesia unit and six wards:
//!   IVA, Akutvårdsavdelning, Medicinavdelning, Operation/anestesi, Kirurgavdelning, Geriatrik,
//!   Infektion, Ortopedi; then Thoraxintensiven, Hjärtintensiven, Neurologi,
//!   Uppvakningsavdelning, ... Ids are `<site>-<unit>`, e.g. `sus-lund`'s `lund-iva`; a unit
//!   type repeated at a site is numbered (`lund-med2`, "Medicinavdelning 2").
//! * **Competences**: `usk` (undersköterska, assistant nurse), `ssk` (sjuksköterska, registered
//!   nurse), `iva-ssk` (intensive-care nurse) and `anest-ssk` (anaesthesia nurse); both
//!   specialist nurses may fill `ssk` vacancies with a secondary penalty of 0.1 per hour, so the
//!   optimiser keeps them for their specialty when it can.
//! * **Agency prices** (relative, ssk = 1): `usk` 0.8, `ssk` 1.0, `iva-ssk` 1.3, `anest-ssk`
//!   1.3 per hour, `default_cost_per_hour` 1. Specialist agency nurses are the dearest, as in
//!   practice, so the objective is agency *cost*, not hours; agency hours are a KPI of their own.
//! * **Vacancies**: Swedish shift times: `dag` 07:00–16:00 (30 min unpaid break, 8.5 h paid),
//!   `kvall` (kväll) 13:00–21:30 (30 min, 8 h) and `natt` 21:15–07:15 (no unpaid break, 10 h;
//!   11 h or 9 h over a daylight-saving change). A kväll followed by a dag leaves only 9.5 h of
//!   rest, so the 11 h rule bites. Every ward has 2–4 vacant (shift, competence) slots a day,
//!   the intensive-care and operation units 3–5; more on Fridays, weekends and Swedish public holidays (and their eves: midsummer, Christmas and New Year's Eve; see [`swedish_holiday`]). About one
//!   vacancy in eight needs two people (`headcount` 2; one in five at weekends). Wards need `ssk`
//!   and `usk`, intensive care `iva-ssk` (and a little `usk`), operation/anaesthesia
//!   `anest-ssk` (and a little `usk`, no usk nights). IVA nights have priority 1.5, everything
//!   else 1. Ids are `<unit>-<date>-<shift>-<competence>`, e.g.
//!   `lund-iva-2026-10-24-natt-iva-ssk`; they are listed by date, then unit, then shift.
//! * **Staff** (`s001`, `s002`, ...; Swedish first names and surnames): 40 % `ssk`, 15 %
//!   `iva-ssk`, 10 % `anest-ssk`, 35 % `usk` (rounded), and one in five specialist nurses holds
//!   both specialties. Contracts: 40 h a week (day work, 25 %), 38.25 h (rotating three-shift,
//!   55 %) or 37 h (mainly nights, 20 %), at an employment rate (*sysselsättningsgrad*) of 1.0,
//!   0.9, 0.8 or 0.75. Everyone has a home unit matching their competence (IVA for iva-ssk,
//!   operation/anaesthesia for anest-ssk, a ward for ssk, any unit for usk) and is introduced
//!   to 1–2 more units they are qualified for, mostly at the same site, so to 2–3 units in all;
//!   one in ten is introduced to their whole home site instead.
//! * **Leave**: 15 % of staff have one week of `semester` (Monday 00:00 to the next Monday
//!   00:00); 7.5 % have a single `utbildning` (training) day, 08:00–16:30 on a weekday.
//! * **Bookings**: 25 % of staff already have 1–4 shifts booked at their home unit, at the
//!   standard shift times; about one in five lies in the week before the horizon (Monday to
//!   Thursday, so touching no weekend) and counts for rest and consecutive days. The bookings of
//!   a person break no rule on their own: no overlaps, at most one a day, 11 h rest between
//!   them, 36 h weekly rest in every 7-day period, none during leave or training, and at most
//!   `max_weekends` weekends.
//! * **Preferences**: 10 % of staff have 1–3 unwanted nights (22:00–06:00), 7.5 % one wanted
//!   weekend (Saturday 00:00 to Monday 00:00), weight 1.
//!
//! With the defaults (40 staff, 4 weeks) this gives 8 units on 3 sites and 631 vacancies
//! (710 person-shifts, 6 202 paid hours) against 5 770 contracted pool hours (7 690 with the
//! allowed overtime), of which the rules, two weekends each, introductions and competences
//! leave a good share to the agency whatever the roster: even with the weekly-rest rule
//! switched off the best roster leaves 17 % of the vacancy hours uncovered (HiGHS, proven
//! within 0.01 %), and a simple greedy roster leaves 28 %. 800 staff (160 units, 12 704
//! vacancies) generate in about 10 ms.
//!
//! ```
//! use roster::generate::{generate, GenerateOptions};
//! let scenario = generate(&GenerateOptions { staff: 20, weeks: 2, ..Default::default() });
//! assert_eq!(scenario.staff.len(), 20);
//! assert!(roster::Instance::from_scenario(&scenario).is_ok());
//! ```

use crate::rules::RuleOverrides;
use crate::scenario::{
    Absence, AgencyCosts, Booking, Competence, Contract, Horizon, ObjectiveWeights, Preference, PreferenceKind,
    RuleSettings, Scenario, Site, Staff, Substitution, Unit, Vacancy, FORMAT_VERSION,
};
use crate::time::{self, Instant, WallClock};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of staff in the pool (units: one per five staff, at least 2).
    pub staff: usize,
    /// Length of the horizon in weeks (at least 1).
    pub weeks: u32,
    /// Seed of the random stream; the same options always give the same scenario.
    pub seed: u64,
    /// First day of the horizon, meant to be a Monday (weeks and leave weeks start on its weekday).
    pub start: NaiveDate,
}

impl Default for GenerateOptions {
    /// 40 staff, 4 weeks from Monday 2026-10-12 (across the autumn DST change), seed 1.
    fn default() -> Self {
        GenerateOptions {
            staff: 40,
            weeks: 4,
            seed: 1,
            start: NaiveDate::from_ymd_opt(2026, 10, 12).expect("valid date"),
        }
    }
}

/// Generates the scenario described in the [module documentation](self).
///
/// # Panics
///
/// If `options.weeks` is 0 or the horizon does not fit in the calendar.
pub fn generate(options: &GenerateOptions) -> Scenario {
    assert!(options.weeks >= 1, "a generated scenario needs at least one week");
    Generator::new(options).run()
}

/// Competences, as indices into [`COMPETENCES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Comp {
    Usk = 0,
    Ssk = 1,
    Iva = 2,
    Anest = 3,
}

/// (id, name, agency price, competence it substitutes for).
const COMPETENCES: [(&str, &str, f64, Option<Comp>); 4] = [
    ("usk", "Undersköterska (assistant nurse)", 0.8, None),
    ("ssk", "Sjuksköterska (registered nurse)", 1.0, None),
    ("iva-ssk", "Intensivvårdssjuksköterska (intensive-care nurse)", 1.3, Some(Comp::Ssk)),
    ("anest-ssk", "Anestesisjuksköterska (anaesthesia nurse)", 1.3, Some(Comp::Ssk)),
];

/// Secondary-objective penalty per hour a specialist nurse works an `ssk` vacancy.
const SUBSTITUTION_PENALTY: f64 = 0.1;

impl Comp {
    fn id(self) -> &'static str {
        COMPETENCES[self as usize].0
    }

    /// Whether a holder of `self` may fill a vacancy requiring `need`.
    fn fills(self, need: Comp) -> bool {
        self == need || COMPETENCES[self as usize].3 == Some(need)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShiftKind {
    Dag,
    Kvall,
    Natt,
}

impl ShiftKind {
    fn id(self) -> &'static str {
        match self {
            ShiftKind::Dag => "dag",
            ShiftKind::Kvall => "kvall",
            ShiftKind::Natt => "natt",
        }
    }

    fn label(self) -> &'static str {
        match self {
            ShiftKind::Dag => "dag",
            ShiftKind::Kvall => "kväll",
            ShiftKind::Natt => "natt",
        }
    }

    /// (start hour, start minute, end hour, end minute, ends the next day, unpaid break minutes).
    fn times(self) -> (u32, u32, u32, u32, bool, u32) {
        match self {
            ShiftKind::Dag => (7, 0, 16, 0, false, 30),
            ShiftKind::Kvall => (13, 0, 21, 30, false, 30),
            ShiftKind::Natt => (21, 15, 7, 15, true, 0),
        }
    }

    /// Local start and end of this shift starting on `date`, and its unpaid break.
    fn on(self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime, u32) {
        let (sh, sm, eh, em, next, brk) = self.times();
        let end_date = if next { date + Duration::days(1) } else { date };
        (at(date, sh, sm), at(end_date, eh, em), brk)
    }
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_hms_opt(hour, minute, 0).expect("valid time of day")
}

/// What a unit needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Intensive,
    Anaesthesia,
    Ward,
}

impl Kind {
    /// The (shift, competence, weight) slots a day's vacancies are drawn from.
    fn slots(self) -> &'static [(ShiftKind, Comp, u32)] {
        use Comp::*;
        use ShiftKind::*;
        match self {
            Kind::Ward => {
                &[(Dag, Ssk, 3), (Kvall, Ssk, 3), (Natt, Ssk, 2), (Dag, Usk, 2), (Kvall, Usk, 2), (Natt, Usk, 2)]
            }
            Kind::Intensive => {
                &[(Dag, Iva, 3), (Kvall, Iva, 3), (Natt, Iva, 3), (Dag, Usk, 1), (Kvall, Usk, 1), (Natt, Usk, 1)]
            }
            Kind::Anaesthesia => {
                &[(Dag, Anest, 4), (Kvall, Anest, 2), (Natt, Anest, 1), (Dag, Usk, 2), (Kvall, Usk, 1)]
            }
        }
    }

    /// The nurses whose home unit is of this kind (assistant nurses may have any home unit).
    fn specialty(self) -> Comp {
        match self {
            Kind::Intensive => Comp::Iva,
            Kind::Anaesthesia => Comp::Anest,
            Kind::Ward => Comp::Ssk,
        }
    }
}

/// (site id, unit id prefix, name).
const SITES: [(&str, &str, &str); 4] = [
    ("sus-lund", "lund", "Skånes universitetssjukhus Lund"),
    ("sus-malmo", "malmo", "Skånes universitetssjukhus Malmö"),
    ("hbg", "hbg", "Helsingborgs lasarett"),
    ("ystad", "ystad", "Ystads lasarett"),
];

/// Unit types in blocks of eight: intensive care first, operation/anaesthesia fourth.
const UNIT_TYPES: [[(&str, &str, Kind); 8]; 3] = [
    [
        ("iva", "IVA (intensivvårdsavdelning)", Kind::Intensive),
        ("ava", "Akutvårdsavdelning", Kind::Ward),
        ("med", "Medicinavdelning", Kind::Ward),
        ("op", "Operation/anestesi", Kind::Anaesthesia),
        ("kir", "Kirurgavdelning", Kind::Ward),
        ("ger", "Geriatrik", Kind::Ward),
        ("inf", "Infektion", Kind::Ward),
        ("ort", "Ortopedi", Kind::Ward),
    ],
    [
        ("tiva", "Thoraxintensiven", Kind::Intensive),
        ("hia", "Hjärtintensiven", Kind::Ward),
        ("neuro", "Neurologi", Kind::Ward),
        ("uppv", "Uppvakningsavdelning", Kind::Anaesthesia),
        ("onk", "Onkologi", Kind::Ward),
        ("njur", "Njurmedicin", Kind::Ward),
        ("lung", "Lungmedicin", Kind::Ward),
        ("stroke", "Strokeenheten", Kind::Ward),
    ],
    [
        ("niva", "Neurointensiven", Kind::Intensive),
        ("kard", "Kardiologi", Kind::Ward),
        ("gastro", "Gastroenterologi", Kind::Ward),
        ("dagkir", "Dagkirurgi", Kind::Anaesthesia),
        ("uro", "Urologi", Kind::Ward),
        ("hem", "Hematologi", Kind::Ward),
        ("endo", "Endokrinologi", Kind::Ward),
        ("rehab", "Rehabiliteringsavdelning", Kind::Ward),
    ],
];

const FIRST_NAMES: [&str; 64] = [
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Emma",
    "Johanna",
    "Elin",
    "Lena",
    "Kristina",
    "Eva",
    "Malin",
    "Linnea",
    "Frida",
    "Hanna",
    "Ida",
    "Sofia",
    "Camilla",
    "Jenny",
    "Therese",
    "Louise",
    "Amanda",
    "Matilda",
    "Ebba",
    "Wilma",
    "Elsa",
    "Astrid",
    "Ingrid",
    "Birgitta",
    "Helena",
    "Cecilia",
    "Annika",
    "Ulrika",
    "Jessica",
    "Josefin",
    "Madeleine",
    "Amina",
    "Fatima",
    "Leyla",
    "Yasmin",
    "Dragana",
    "Zeynep",
    "Agnes",
    "Maja",
    "Tove",
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Karl",
    "Per",
    "Mikael",
    "Fredrik",
    "Daniel",
    "Oskar",
    "Gustav",
    "Henrik",
    "Magnus",
    "Jonas",
    "Mattias",
    "Ahmed",
    "Mohammed",
    "Milan",
    "Viktor",
    "Emil",
];

const SURNAMES: [&str; 56] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Danielsson",
    "Håkansson",
    "Ek",
    "Holm",
    "Nyström",
    "Åberg",
    "Ström",
    "Sundberg",
    "Ali",
    "Hussein",
    "Ahmadi",
    "Yilmaz",
    "Nguyen",
    "Kovačević",
    "Haddad",
    "Novak",
    "Mäkinen",
    "Sahlin",
];

/// Full-time weekly hours and their weights: day work, rotating three-shift, mainly nights.
const WEEKLY_HOURS: [(f64, u32); 3] = [(40.0, 25), (38.25, 55), (37.0, 20)];
/// Employment rates and their weights.
const EMPLOYMENT_RATES: [(f64, u32); 4] = [(1.0, 45), (0.9, 25), (0.8, 20), (0.75, 10)];

/// Separate ChaCha streams per part of the scenario.
const STREAM_VACANCIES: u64 = 1;
const STREAM_STAFF: u64 = 2;
const STREAM_LEAVE: u64 = 3;
const STREAM_BOOKINGS: u64 = 4;
const STREAM_PREFERENCES: u64 = 5;

struct UnitPlan {
    id: String,
    name: String,
    site: usize,
    kind: Kind,
}

struct Person {
    id: String,
    name: String,
    competences: Vec<Comp>,
    home: usize,
    units: Vec<usize>,
    whole_site: bool,
    hours_per_week: f64,
    employment_rate: f64,
    unavailable: Vec<(NaiveDateTime, NaiveDateTime, &'static str)>,
    bookings: Vec<Planned>,
    preferences: Vec<(PreferenceKind, NaiveDateTime, NaiveDateTime)>,
}

/// A booked shift under construction.
#[derive(Clone, Copy)]
struct Planned {
    day: i64,
    shift: ShiftKind,
    start: Instant,
    end: Instant,
}

struct Generator {
    seed: u64,
    start: NaiveDate,
    weeks: u32,
    days: i64,
    staff_count: usize,
    zone: Tz,
    max_weekends: u32,
    sites: Vec<usize>,
    units: Vec<UnitPlan>,
}

/// Picks an index with probability proportional to `weights` (not all zero).
fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.random_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    unreachable!("x < total")
}

/// `per_mille` ‰ of `n`, rounded half up.
fn share(n: usize, per_mille: usize) -> usize {
    (n * per_mille + 500) / 1000
}

fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

impl Generator {
    fn new(options: &GenerateOptions) -> Generator {
        let staff_count = options.staff;
        let unit_count = ((staff_count + 2) / 5).max(2);
        let site_count = if staff_count <= 60 { 3 } else { 4 }.min(unit_count);
        let mut units = Vec::with_capacity(unit_count);
        let mut seen: BTreeMap<(usize, &str), u32> = BTreeMap::new();
        for i in 0..unit_count {
            let block = i / 8;
            let (type_id, type_name, kind) = UNIT_TYPES[block % UNIT_TYPES.len()][i % 8];
            let site = (i % 8 + block) % site_count;
            let n = seen.entry((site, type_id)).or_insert(0);
            *n += 1;
            let (id, name) = if *n == 1 {
                (format!("{}-{type_id}", SITES[site].1), type_name.to_string())
            } else {
                (format!("{}-{type_id}{n}", SITES[site].1), format!("{type_name} {n}"))
            };
            units.push(UnitPlan { id, name, site, kind });
        }
        Generator {
            seed: options.seed,
            start: options.start,
            weeks: options.weeks,
            days: 7 * i64::from(options.weeks),
            staff_count,
            zone: chrono_tz::Europe::Stockholm,
            max_weekends: options.weeks.div_ceil(2),
            sites: (0..site_count).collect(),
            units,
        }
    }

    fn date(&self, day: i64) -> NaiveDate {
        self.start + Duration::days(day)
    }

    fn instant(&self, t: NaiveDateTime) -> Instant {
        WallClock::Local(t).resolve(self.zone).expect("generated times avoid the spring-forward gap")
    }

    fn run(self) -> Scenario {
        let vacancies = self.vacancies();
        let mut people = self.people();
        self.leave(&mut people);
        self.bookings(&mut people);
        self.preferences(&mut people);

        let competences = COMPETENCES
            .iter()
            .map(|&(id, name, _, sub)| Competence {
                id: id.to_string(),
                name: name.to_string(),
                substitutes_for: sub
                    .map(|c| Substitution { competence: c.id().to_string(), penalty_per_hour: SUBSTITUTION_PENALTY })
                    .into_iter()
                    .collect(),
            })
            .collect();
        let sites = self
            .sites
            .iter()
            .map(|&s| Site {
                id: SITES[s].0.to_string(),
                name: SITES[s].2.to_string(),
                units: self
                    .units
                    .iter()
                    .filter(|u| u.site == s)
                    .map(|u| Unit { id: u.id.clone(), name: u.name.clone() })
                    .collect(),
            })
            .collect();
        let staff = people.into_iter().map(|p| self.staff(p)).collect();
        Scenario {
            format_version: FORMAT_VERSION,
            name: format!(
                "Bemanningsenhet Region Skåne: generated pool of {} staff, {} week{} from {} (seed {})",
                self.staff_count,
                self.weeks,
                if self.weeks == 1 { "" } else { "s" },
                self.start,
                self.seed
            ),
            time_zone: "Europe/Stockholm".to_string(),
            horizon: Horizon { start: self.start, end: self.date(self.days) },
            competences,
            sites,
            shift_types: Vec::new(),
            rules: RuleSettings {
                preset: Some("se-atl".to_string()),
                overrides: RuleOverrides {
                    max_consecutive_days: Some(Some(6)),
                    max_consecutive_nights: Some(Some(4)),
                    max_weekends: Some(Some(self.max_weekends)),
                    ..RuleOverrides::default()
                },
            },
            agency: AgencyCosts {
                default_cost_per_hour: 1.0,
                cost_per_hour: COMPETENCES.iter().map(|&(id, _, price, _)| (id.to_string(), price)).collect(),
            },
            objective: ObjectiveWeights::default(),
            planning: Default::default(),
            staff,
            vacancies,
        }
    }

    fn vacancies(&self) -> Vec<Vacancy> {
        let mut rng = rng_for(self.seed, STREAM_VACANCIES);
        let mut out = Vec::new();
        for day in 0..self.days {
            let date = self.date(day);
            // Weights of 0, 1 and 2 vacant slots a day beyond the unit's base (2 for wards, 3
            // for the specialist units), and the chance (in 100) of headcount 2.
            let (counts, double) = demand(date);
            for unit in &self.units {
                let base = if unit.kind == Kind::Ward { 2 } else { 3 };
                let n = base + weighted(&mut rng, &counts);
                let slots = unit.kind.slots();
                let mut weights: Vec<u32> = slots.iter().map(|s| s.2).collect();
                let mut chosen = Vec::with_capacity(n);
                while chosen.len() < n && weights.iter().any(|&w| w > 0) {
                    let i = weighted(&mut rng, &weights);
                    weights[i] = 0;
                    chosen.push(i);
                }
                chosen.sort_unstable_by_key(|&i| (slots[i].0 as u8, i));
                for i in chosen {
                    let (shift, comp, _) = slots[i];
                    let (start, end, break_minutes) = shift.on(date);
                    let headcount = if rng.random_ratio(double, 100) { 2 } else { 1 };
                    let priority = if unit.kind == Kind::Intensive && shift == ShiftKind::Natt { 1.5 } else { 1.0 };
                    out.push(Vacancy {
                        id: format!("{}-{date}-{}-{}", unit.id, shift.id(), comp.id()),
                        unit: unit.id.clone(),
                        competence: comp.id().to_string(),
                        start: WallClock::Local(start),
                        end: WallClock::Local(end),
                        break_minutes,
                        headcount,
                        priority,
                        shift_type: None,
                        cost_per_uncovered: None,
                        over_cover: None,
                    });
                }
            }
        }
        out
    }

    fn people(&self) -> Vec<Person> {
        let mut rng = rng_for(self.seed, STREAM_STAFF);
        let n = self.staff_count;
        let iva = share(n, 150).min(n);
        let anest = share(n, 100).min(n - iva);
        let ssk = share(n, 400).min(n - iva - anest);
        let mut primary = vec![Comp::Iva; iva];
        primary.resize(iva + anest, Comp::Anest);
        primary.resize(iva + anest + ssk, Comp::Ssk);
        primary.resize(n, Comp::Usk);
        primary.shuffle(&mut rng);

        // One in five specialist nurses holds both specialties.
        let mut specialists: Vec<usize> = (0..n).filter(|&i| matches!(primary[i], Comp::Iva | Comp::Anest)).collect();
        specialists.shuffle(&mut rng);
        let dual_count = share(specialists.len(), 200);
        let mut dual = vec![false; n];
        for &i in &specialists[..dual_count] {
            dual[i] = true;
        }

        let width = n.to_string().len().max(3);
        let mut used_names = std::collections::BTreeSet::new();
        let mut round_robin: BTreeMap<Comp, usize> = BTreeMap::new();
        let mut people = Vec::with_capacity(n);
        for i in 0..n {
            let main = primary[i];
            let mut competences = vec![main];
            if dual[i] {
                competences.push(if main == Comp::Iva { Comp::Anest } else { Comp::Iva });
            }
            let qualified = |u: &UnitPlan| u.kind.slots().iter().any(|s| competences.iter().any(|c| c.fills(s.1)));

            // Home unit: round robin over the units of the competence's specialty.
            let mut homes: Vec<usize> = (0..self.units.len())
                .filter(|&u| main == Comp::Usk || self.units[u].kind.specialty() == main)
                .collect();
            if homes.is_empty() {
                homes = (0..self.units.len()).filter(|&u| qualified(&self.units[u])).collect();
            }
            let next = round_robin.entry(main).or_insert_with(|| rng.random_range(0..homes.len()));
            let home = homes[*next % homes.len()];
            *next += 1;

            let whole_site = rng.random_ratio(1, 10);
            let mut units = vec![home];
            if !whole_site {
                let extra = if rng.random_bool(0.5) { 1 } else { 2 };
                let mut candidates: Vec<usize> =
                    (0..self.units.len()).filter(|&u| u != home && qualified(&self.units[u])).collect();
                for _ in 0..extra {
                    if candidates.is_empty() {
                        break;
                    }
                    let weights: Vec<u32> = candidates
                        .iter()
                        .map(|&u| if self.units[u].site == self.units[home].site { 3 } else { 1 })
                        .collect();
                    units.push(candidates.remove(weighted(&mut rng, &weights)));
                }
            }

            let mut name = String::new();
            for _ in 0..20 {
                let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
                let last = SURNAMES[rng.random_range(0..SURNAMES.len())];
                name = format!("{first} {last}");
                if used_names.insert(name.clone()) {
                    break;
                }
            }
            let hours_per_week = WEEKLY_HOURS[weighted(&mut rng, &WEEKLY_HOURS.map(|w| w.1))].0;
            let employment_rate = EMPLOYMENT_RATES[weighted(&mut rng, &EMPLOYMENT_RATES.map(|w| w.1))].0;
            people.push(Person {
                id: format!("s{:0width$}", i + 1),
                name,
                competences,
                home,
                units,
                whole_site,
                hours_per_week,
                employment_rate,
                unavailable: Vec::new(),
                bookings: Vec::new(),
                preferences: Vec::new(),
            });
        }
        people
    }

    fn leave(&self, people: &mut [Person]) {
        let mut rng = rng_for(self.seed, STREAM_LEAVE);
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.shuffle(&mut rng);
        let mut vacation_week = vec![None; people.len()];
        for &i in order.iter().take(share(people.len(), 150)) {
            let week = rng.random_range(0..i64::from(self.weeks));
            vacation_week[i] = Some(week);
            people[i].unavailable.push((at(self.date(7 * week), 0, 0), at(self.date(7 * week + 7), 0, 0), "semester"));
        }
        order.shuffle(&mut rng);
        for &i in order.iter().take(share(people.len(), 75)) {
            for _ in 0..20 {
                let day = rng.random_range(0..self.days);
                let date = self.date(day);
                if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || vacation_week[i] == Some(day / 7) {
                    continue;
                }
                people[i].unavailable.push((at(date, 8, 0), at(date, 16, 30), "utbildning"));
                break;
            }
            people[i].unavailable.sort();
        }
    }

    fn bookings(&self, people: &mut [Person]) {
        let mut rng = rng_for(self.seed, STREAM_BOOKINGS);
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.shuffle(&mut rng);
        for &i in order.iter().take(share(people.len(), 250)) {
            let person = &mut people[i];
            let wanted = rng.random_range(1..=4usize);
            let slots: Vec<(ShiftKind, u32)> = self.units[person.home]
                .kind
                .slots()
                .iter()
                .filter(|s| person.competences.iter().any(|c| c.fills(s.1)))
                .map(|s| (s.0, s.2))
                .collect();
            let weights: Vec<u32> = slots.iter().map(|s| s.1).collect();
            let absences: Vec<(Instant, Instant)> =
                person.unavailable.iter().map(|&(s, e, _)| (self.instant(s), self.instant(e))).collect();
            for _ in 0..40 {
                if person.bookings.len() == wanted {
                    break;
                }
                let day = if rng.random_ratio(1, 5) { rng.random_range(-7..0) } else { rng.random_range(0..self.days) };
                let shift = slots[weighted(&mut rng, &weights)].0;
                let (start, end, _) = shift.on(self.date(day));
                let candidate = Planned { day, shift, start: self.instant(start), end: self.instant(end) };
                if self.bookable(&person.bookings, &absences, candidate) {
                    person.bookings.push(candidate);
                }
            }
            person.bookings.sort_by_key(|b| b.start);
        }
    }

    /// Whether `c` can join `booked` without breaking a rule or meeting an absence.
    fn bookable(&self, booked: &[Planned], absences: &[(Instant, Instant)], c: Planned) -> bool {
        const REST: i64 = 11 * time::HOUR;
        if c.day < 0 && !matches!(self.date(c.day).weekday(), Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu)
        {
            return false;
        }
        if absences.iter().any(|&(s, e)| c.start < e && s < c.end) {
            return false;
        }
        if booked.iter().any(|b| b.day == c.day || (c.start < b.end + REST && b.start < c.end + REST)) {
            return false;
        }
        let mut all: Vec<Planned> = booked.to_vec();
        all.push(c);
        all.sort_by_key(|b| b.start);
        let mut weekends: Vec<i64> = all.iter().filter_map(|b| self.weekend(b)).collect();
        weekends.dedup();
        if weekends.len() > self.max_weekends as usize || weekends.iter().any(|&w| w < 0) {
            return false;
        }
        // 36 h of continuous rest in every 7-day period counted from the horizon start (a night
        // shift may reach into the next period).
        [c.day.div_euclid(7), (c.day + 1).div_euclid(7)].into_iter().all(|week| {
            let from = time::local_midnight(self.date(7 * week), self.zone);
            let to = time::local_midnight(self.date(7 * week + 7), self.zone);
            let mut free_since = from;
            let mut longest = 0;
            for b in all.iter().filter(|b| b.start < to && b.end > from) {
                longest = longest.max(b.start - free_since);
                free_since = free_since.max(b.end);
            }
            longest.max(to - free_since) >= 36 * time::HOUR
        })
    }

    /// The day number of the Saturday of the weekend a shift touches, if any.
    fn weekend(&self, b: &Planned) -> Option<i64> {
        let last = if b.shift == ShiftKind::Natt { b.day + 1 } else { b.day };
        (b.day..=last).find_map(|d| match self.date(d).weekday() {
            Weekday::Sat => Some(d),
            Weekday::Sun => Some(d - 1),
            _ => None,
        })
    }

    fn preferences(&self, people: &mut [Person]) {
        let mut rng = rng_for(self.seed, STREAM_PREFERENCES);
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.shuffle(&mut rng);
        for &i in order.iter().take(share(people.len(), 100)) {
            let mut nights: Vec<i64> = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                let day = rng.random_range(0..self.days);
                if !nights.contains(&day) {
                    nights.push(day);
                }
            }
            nights.sort_unstable();
            for day in nights {
                people[i].preferences.push((
                    PreferenceKind::Unwanted,
                    at(self.date(day), 22, 0),
                    at(self.date(day + 1), 6, 0),
                ));
            }
        }
        let saturdays: Vec<i64> = (0..self.days - 1).filter(|&d| self.date(d).weekday() == Weekday::Sat).collect();
        order.shuffle(&mut rng);
        for &i in order.iter().take(share(people.len(), 75)) {
            if saturdays.is_empty() {
                break;
            }
            let sat = saturdays[rng.random_range(0..saturdays.len())];
            people[i].preferences.push((
                PreferenceKind::Wanted,
                at(self.date(sat), 0, 0),
                at(self.date(sat + 2), 0, 0),
            ));
            people[i].preferences.sort_by_key(|p| p.1);
        }
    }

    fn staff(&self, p: Person) -> Staff {
        let home = &self.units[p.home];
        let (units, sites) = if p.whole_site {
            (Vec::new(), vec![SITES[home.site].0.to_string()])
        } else {
            (p.units.iter().map(|&u| self.units[u].id.clone()).collect(), Vec::new())
        };
        Staff {
            id: p.id,
            name: p.name,
            competences: p.competences.iter().map(|c| c.id().to_string()).collect(),
            units,
            sites,
            contract: Contract { hours_per_week: p.hours_per_week, employment_rate: p.employment_rate },
            min_hours: None,
            max_hours: None,
            max_shifts_by_type: Default::default(),
            requests: Vec::new(),
            unavailable: p
                .unavailable
                .into_iter()
                .map(|(start, end, reason)| Absence {
                    start: WallClock::Local(start),
                    end: WallClock::Local(end),
                    reason: reason.to_string(),
                })
                .collect(),
            bookings: p
                .bookings
                .iter()
                .map(|b| {
                    let (start, end, break_minutes) = b.shift.on(self.date(b.day));
                    Booking {
                        start: WallClock::Local(start),
                        end: WallClock::Local(end),
                        break_minutes,
                        label: format!("{} {} (booked at home unit)", home.id, b.shift.label()),
                    }
                })
                .collect(),
            preferences: p
                .preferences
                .into_iter()
                .map(|(kind, start, end)| Preference {
                    kind,
                    start: WallClock::Local(start),
                    end: WallClock::Local(end),
                    weight: 1.0,
                })
                .collect(),
            rules: RuleOverrides::default(),
        }
    }
}

/// Weights of 0, 1 and 2 vacant slots a day beyond a unit's base, and the chance (in 100) of
/// headcount 2, on `date`: low early in the week, higher on Fridays, highest at weekends and on
/// Swedish public holidays and their eves (staff want those days off, so more is vacant).
fn demand(date: NaiveDate) -> ([u32; 3], u32) {
    if swedish_holiday(date) {
        return ([2, 5, 3], 20);
    }
    match date.weekday() {
        Weekday::Mon | Weekday::Tue | Weekday::Wed => ([8, 2, 0], 7),
        Weekday::Thu => ([7, 3, 0], 8),
        Weekday::Fri => ([3, 5, 2], 15),
        Weekday::Sat | Weekday::Sun => ([2, 5, 3], 20),
    }
}

/// Swedish public holidays ("röda dagar") and the eves treated like them (midsommarafton,
/// julafton, nyårsafton): the days a pool sees weekend-like demand.
pub fn swedish_holiday(date: NaiveDate) -> bool {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let fixed = matches!((m, d), (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 24) | (12, 25) | (12, 26) | (12, 31));
    let easter = easter_sunday(y);
    let from_easter = (date - easter).num_days();
    // Good Friday, Easter Sunday and Monday, Ascension Day, Pentecost.
    let movable = matches!(from_easter, -2 | 0 | 1 | 39 | 49);
    // Midsummer Eve (the Friday 19-25 June) and Day; All Saints' Day (the Saturday 31 Oct-6 Nov).
    let midsummer = m == 6
        && ((19..=25).contains(&d) && date.weekday() == Weekday::Fri
            || (20..=26).contains(&d) && date.weekday() == Weekday::Sat);
    let all_saints = date.weekday() == Weekday::Sat && ((m == 10 && d == 31) || (m == 11 && d <= 6));
    fixed || movable || midsummer || all_saints
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

#[cfg(test)]
mod holiday_tests {
    use super::*;

    #[test]
    fn swedish_holidays_of_2026_and_2027() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2000), d(2000, 4, 23));
        for h in [
            d(2026, 1, 1),
            d(2026, 1, 6),
            d(2026, 4, 3),
            d(2026, 4, 5),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 5, 14),
            d(2026, 5, 24),
            d(2026, 6, 6),
            d(2026, 6, 19),
            d(2026, 6, 20),
            d(2026, 10, 31),
            d(2026, 12, 24),
            d(2026, 12, 25),
            d(2026, 12, 26),
            d(2026, 12, 31),
            d(2027, 3, 26),
            d(2027, 5, 6),
            d(2027, 6, 25),
            d(2027, 11, 6),
        ] {
            assert!(swedish_holiday(h), "{h} is a holiday");
        }
        for w in [
            d(2026, 4, 2),
            d(2026, 4, 7),
            d(2026, 6, 18),
            d(2026, 6, 26),
            d(2026, 11, 1),
            d(2026, 12, 23),
            d(2027, 10, 30),
        ] {
            assert!(!swedish_holiday(w), "{w} is not a holiday");
        }
        // A holiday on a weekday gets weekend demand: Christmas Eve 2026 is a Thursday.
        assert_eq!(demand(d(2026, 12, 24)), demand(d(2026, 12, 26)));
        assert_ne!(demand(d(2026, 12, 24)), demand(d(2026, 12, 17)));
    }
}
