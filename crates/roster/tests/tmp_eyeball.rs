use roster::check::check;
use roster::roster::{Assignment, Roster};
use roster::{Instance, Scenario};
use serde_json::json;
#[test]
fn eyeball() {
    let doc = json!({"format_version":1,"time_zone":"Europe/Stockholm","horizon":{"start":"2026-01-05","end":"2026-01-19"},
      "competences":[{"id":"rn"},{"id":"icu"}],"sites":[{"id":"s1","units":[{"id":"u1"},{"id":"u2"}]}],
      "rules":{"preset":"se-atl","max_consecutive_days":2,"max_weekends":0,"max_consecutive_nights":1},
      "staff":[{"id":"a","competences":["rn"],"units":["u1"],"contract":{"hours_per_week":10},"min_hours":100,
        "unavailable":[{"start":"2026-01-06T10:00","end":"2026-01-06T12:00"}],
        "bookings":[{"start":"2026-01-05T07:00","end":"2026-01-05T16:00","break_minutes":30,"label":"home"}]}],
      "vacancies":[
        {"id":"v1","unit":"u2","competence":"icu","start":"2026-01-06T07:00","end":"2026-01-06T16:00","break_minutes":30},
        {"id":"v2","unit":"u1","competence":"rn","start":"2026-01-06T15:00","end":"2026-01-07T01:00"},
        {"id":"v3","unit":"u1","competence":"rn","start":"2026-01-07T22:00","end":"2026-01-08T07:00"},
        {"id":"v4","unit":"u1","competence":"rn","start":"2026-01-08T22:00","end":"2026-01-09T07:00"},
        {"id":"v5","unit":"u1","competence":"rn","start":"2026-01-10T07:00","end":"2026-01-10T19:00"}
      ]});
    let sc: Scenario = serde_json::from_value(doc).unwrap();
    let inst = Instance::from_scenario(&sc).unwrap();
    let r = Roster { format_version: 1, assignments: ["v1","v2","v3","v4","v5"].iter().map(|v| Assignment{vacancy: v.to_string(), staff: "a".into(), unit: String::new(), start: String::new(), end: String::new(), hours: 0.0, competence: String::new()}).collect(), ..Default::default() };
    for v in check(&inst, &r) { println!("{v}\n   {:?}", v.vacancies); }
}
