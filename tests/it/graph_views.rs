//! The site graph on hand-made plans: offices, departments, years, targets.

use crate::graph_common::*;
use planpress::doc::Aliases;
use planpress::doc::{NodeKind, Plan, Role};
use planpress::graph::SiteGraph;
use planpress::render::{links, refs};

fn graph() -> SiteGraph {
    SiteGraph::build_with(&all(), &aliases(), &departments())
}

fn model_duties(plans: &[Plan]) -> usize {
    plans
        .iter()
        .flat_map(|p| p.all_nodes())
        .map(|n| n.duties.len())
        .sum()
}

#[test]
fn every_duty_is_listed_once_on_its_office_page() {
    let plans = all();
    let g = graph();
    assert_eq!(g.listed_duties(), model_duties(&plans));
    assert_eq!(g.listed_duties(), 14);
    // Each (plan, node, unit, role) appears on exactly that office's page.
    for p in &plans {
        for n in p.all_nodes() {
            for d in &n.duties {
                let o = &g.offices[&(p.region.clone(), d.unit.clone())];
                let hits = o
                    .plans
                    .iter()
                    .flat_map(|op| &op.duties)
                    .filter(|od| {
                        od.clause.plan == p.slug && od.clause.id == n.id && od.role == d.role
                    })
                    .count();
                assert_eq!(hits, 1, "{} {} {}", p.slug, n.id, d.unit);
            }
        }
    }
}

#[test]
fn offices_per_county_with_lead_and_part_counts() {
    let g = graph();
    let jy: Vec<&str> = g
        .offices
        .keys()
        .filter(|(c, _)| c == "泾源县")
        .map(|(_, o)| o.as_str())
        .collect();
    assert_eq!(
        jy,
        [
            "县委宣传部",
            "县委政法委",
            "县委统战部",
            "各乡镇",
            "教育体育局"
        ]
    );

    let gai = &g.offices[&("石泉县".to_string(), "县委改革办".to_string())];
    assert_eq!(
        (gai.roles.lead, gai.roles.responsible, gai.roles.cooperating),
        (1, 0, 1)
    );
    assert_eq!(gai.duties, 2);
    let jtj = &g.offices[&("石泉县".to_string(), "县教体局".to_string())];
    assert_eq!((jtj.roles.lead, jtj.roles.responsible), (1, 1));
    let edu = &g.offices[&("泾源县".to_string(), "教育体育局".to_string())];
    assert_eq!((edu.roles.lead, edu.roles.total(), edu.duties), (1, 3, 3));
    assert_eq!(
        links::office(&edu.county_slug, &edu.slug),
        "units/jing-yuan-xian/jiao-yu-ti-yu-ju/"
    );

    // Duties carry citation, title, role and the clause's deadlines.
    let d = &edu.plans[0].duties[1];
    assert_eq!(d.clause.citation, "三（一）2");
    assert_eq!(d.clause.title, "平安校园");
    assert_eq!(refs::clause_url(&d.clause), "plans/jingyuan-2023/#3-1-2");
    assert_eq!(refs::role_label(d.role), "牵头");
    assert_eq!(d.deadlines.len(), 3);
    assert_eq!(d.deadlines[0].year, Some(2024));
    assert_eq!(d.deadlines[1].year, None);
    // The other offices on the clause, linked, lead first (it is the lead itself here).
    let others: Vec<&str> = d.others(&edu.name).map(|u| &*u.name).collect();
    assert_eq!(others, ["县委统战部", "县委政法委", "各乡镇"]);
    assert!(d
        .others(&edu.name)
        .all(|u| links::office(&u.county_slug, &u.slug).starts_with("units/jing-yuan-xian/")));

    // Inline action citation.
    assert_eq!(gai.plans[0].duties[0].clause.citation, "二（一）一要");

    // County index: non-collective first, busiest first.
    let c = g.counties.iter().find(|c| c.name == "泾源县").unwrap();
    assert_eq!(c.offices[0].name, "教育体育局");
    assert_eq!(c.offices.last().unwrap().name, "各乡镇");
}

#[test]
fn aliases_and_collective_bodies() {
    let g = graph();
    let tz = &g.offices[&("泾源县".to_string(), "县委统战部".to_string())];
    assert_eq!(tz.aliases, ["统战部"]);
    assert_eq!(tz.duties, 2);
    assert_eq!(tz.plans[0].duties[1].printed, "统战部");
    assert_eq!(tz.plans[0].duties[0].printed, "");
    let zf = &g.offices[&("泾源县".to_string(), "县委政法委".to_string())];
    assert_eq!(zf.aliases, ["政法委"]);
    let xz = &g.offices[&("泾源县".to_string(), "各乡镇".to_string())];
    assert!(xz.collective);
    assert!(!zf.collective);
    // Printed names alone (no aliases file) are still shown as merged names.
    let bare = SiteGraph::build(&all());
    let tz = &bare.offices[&("泾源县".to_string(), "县委统战部".to_string())];
    assert_eq!(tz.aliases, ["统战部"]);
}

#[test]
fn a_plan_without_clauses_has_no_office_pages() {
    let g = SiteGraph::build_with(&[jingyan()], &aliases(), &departments());
    assert!(g.offices.is_empty());
    assert_eq!(g.counties.len(), 1);
    assert!(g.counties[0].offices.is_empty());
    assert!(g.notes().is_empty());
    assert!(g.departments.iter().all(|d| d.offices.is_empty()));
    // Its period still makes years.
    assert_eq!(
        g.years.iter().copied().collect::<Vec<_>>(),
        [2021, 2022, 2023, 2024, 2025]
    );
    assert_eq!(g.by_year[&2021].plans.len(), 1);
    assert!(g.by_year[&2021].plans[0].first);
    assert_eq!(g.by_year[&2021].deadlines, 0);
    // And nothing at all still builds.
    let empty = SiteGraph::build(&[]);
    assert!(empty.offices.is_empty() && empty.years.is_empty());
}

#[test]
fn departments_across_counties_and_unknown_names_reported() {
    let g = graph();
    let edu = g
        .departments
        .iter()
        .find(|d| d.slug == "education")
        .unwrap();
    let names: Vec<(&str, &str)> = edu
        .offices
        .iter()
        .map(|o| (o.office.county.as_str(), o.office.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("沂源县", "县教育和体育局"),
            ("泾源县", "教育体育局"),
            ("石泉县", "县教体局")
        ]
    );
    assert_eq!(links::department(&edu.slug), "departments/education/");
    // Each office's duties are listed with links to the clauses.
    let jy = &edu.offices[1];
    assert_eq!(jy.duties.len(), 3);
    assert_eq!(
        refs::clause_url(&jy.duties[0].clause),
        "plans/jingyuan-2023/#3-1-1"
    );

    let uf = g
        .departments
        .iter()
        .find(|d| d.slug == "united-front")
        .unwrap();
    assert_eq!(uf.offices.len(), 1, "县委统战部 is matched as 统战部");
    let fin = g.departments.iter().find(|d| d.slug == "finance").unwrap();
    assert_eq!(fin.offices[0].office.name, "县财政局");

    // Unknown names fall into 其他, last, and are reported per county.
    let other = g.departments.last().unwrap();
    assert_eq!(other.slug, "other");
    let mut unknown = g.unknown_offices.clone();
    unknown.sort();
    assert_eq!(
        unknown,
        [
            ("泾源县".to_string(), "县委宣传部".to_string()),
            ("泾源县".to_string(), "县委政法委".to_string()),
            ("泾源县".to_string(), "各乡镇".to_string()),
            ("石泉县".to_string(), "县委改革办".to_string()),
        ]
    );
    let notes = g.notes();
    assert_eq!(notes.len(), 2);
    assert!(
        notes[0].contains("泾源县") && notes[0].contains("县委宣传部"),
        "{notes:?}"
    );
    let o = &g.offices[&("石泉县".to_string(), "县委改革办".to_string())];
    assert_eq!(
        (o.category.as_str(), o.category_name.as_str()),
        ("other", "其他")
    );
    let o = &g.offices[&("石泉县".to_string(), "县财政局".to_string())];
    assert_eq!(o.category, "finance");
}

#[test]
fn every_dated_deadline_is_on_its_year_page_exactly_once() {
    let plans = all();
    let g = graph();
    let mut dated = 0;
    for p in &plans {
        for n in p.all_nodes() {
            for d in &n.deadlines {
                let Some(y) = d.year else {
                    // Undated deadlines are on no year page.
                    for yp in g.by_year.values() {
                        assert!(!yp
                            .months
                            .iter()
                            .flat_map(|m| &m.plans)
                            .flat_map(|pg| &pg.entries)
                            .any(|e| e.clause.id == n.id && e.deadline.text == d.text));
                    }
                    continue;
                };
                dated += 1;
                let yp = &g.by_year[&y];
                let hits: Vec<_> = yp
                    .months
                    .iter()
                    .flat_map(|m| m.plans.iter().map(move |pg| (m, pg)))
                    .flat_map(|(m, pg)| pg.entries.iter().map(move |e| (m, pg, e)))
                    .filter(|(_, pg, e)| {
                        pg.plan.slug == p.slug && e.clause.id == n.id && e.deadline.text == d.text
                    })
                    .collect();
                assert_eq!(hits.len(), 1, "{} {} {}", p.slug, n.id, d.text);
                assert_eq!(hits[0].0.month, d.month);
            }
        }
    }
    // Deadlines of table rows that restate no clause are on their year page too.
    for p in &plans {
        for (row, ds) in &p.row_deadlines {
            for d in ds {
                let Some(y) = d.year else { continue };
                dated += 1;
                let hits = g.by_year[&y]
                    .months
                    .iter()
                    .flat_map(|m| &m.plans)
                    .flat_map(|pg| &pg.entries)
                    .filter(|e| {
                        e.clause.plan == p.slug && e.clause.id == *row && e.deadline.text == d.text
                    })
                    .count();
                assert_eq!(hits, 1, "{} {row}", p.slug);
            }
        }
    }
    let listed: usize = g.by_year.values().map(|y| y.deadlines).sum();
    assert_eq!(listed, dated);
    assert_eq!(dated, 6);
    let row = g.by_year[&2025].months[1].plans[0].entries[1].clone();
    assert_eq!(row.clause.citation, "附件1第1行");
    assert_eq!(row.clause.title, "教育质量稳步提升");
    assert_eq!(
        refs::clause_url(&row.clause),
        "plans/shiquan-2024/#annex1-1"
    );
    assert!(row.offices.is_empty());

    // 2025: March first, then the year-only deadlines; two plans under 未注明/8月.
    let y = &g.by_year[&2025];
    let months: Vec<Option<u32>> = y.months.iter().map(|m| m.month).collect();
    assert_eq!(months, [Some(3), Some(8), None]);
    assert_eq!(y.months[1].plans[0].plan.slug, "shiquan-2024");
    assert_eq!(
        y.months[1].plans[0].entries[0].offices[0].name.as_ref(),
        "县委改革办"
    );
    assert_eq!(y.prev, Some(2024));
    assert_eq!(y.next, Some(2026));
    // 2030 only occurs as a target year.
    assert_eq!(g.by_year[&2030].targets.len(), 1);
    assert_eq!(g.by_year[&2030].deadlines, 0);
}

#[test]
fn recurring_and_ongoing_are_listed_apart() {
    let g = graph();
    let t = &g.timeline;
    assert_eq!(t.recurring.len(), 1);
    assert_eq!(t.recurring[0].entries[0].deadline.text, "每年");
    assert_eq!(t.recurring[0].entries[0].clause.id, "3-1-2");
    assert_eq!(t.ongoing[0].entries[0].deadline.text, "长期坚持");
    assert!(t.undated.is_empty());
    let years: Vec<i32> = t.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2021, 2022, 2023, 2024, 2025, 2026, 2027, 2030]);
    let y2024 = t.years.iter().find(|y| y.year == 2024).unwrap();
    // 泾源, 石泉, 沂源, 井研 all run in 2024.
    assert_eq!((y2024.deadlines, y2024.plans), (1, 4));
}

#[test]
fn plan_axis_shows_period_and_milestones() {
    let g = graph();
    let jy = &g.plan_timelines[0];
    assert_eq!(jy.plan.slug, "jingyuan-2023");
    let ys: Vec<(i32, bool, usize)> = jy
        .axis
        .iter()
        .map(|a| (a.year, a.in_period, a.deadlines.len()))
        .collect();
    assert_eq!(ys, [(2023, true, 1), (2024, true, 1), (2025, true, 2)]);
    assert!(jy.axis[0].first && jy.axis[2].last);
    assert_eq!(jy.recurring.len(), 1);
    assert_eq!(jy.ongoing.len(), 1);
    // A target year outside the period is on the axis, marked.
    let yy = &g.plan_timelines[2];
    let last = yy.axis.last().unwrap();
    assert_eq!(
        (last.year, last.in_period, last.targets.len()),
        (2030, false, 1)
    );
}

#[test]
fn targets_link_to_their_clause_or_table_row() {
    let g = graph();
    let t = &g.plan_targets[2];
    assert_eq!(t.plan.slug, "yiyuan-2021");
    assert_eq!(t.targets.len(), 3);
    assert_eq!(
        refs::clause_url(&t.targets[0].clause),
        "plans/yiyuan-2021/#table-1-2"
    );
    assert_eq!(t.targets[0].clause.citation, "表1第2行");
    assert_eq!(t.targets[0].year, Some(2025));
    assert_eq!(
        refs::clause_url(&t.targets[1].clause),
        "plans/yiyuan-2021/#1-1"
    );
    assert_eq!(t.targets[1].clause.citation, "一（一）");
    // A source the plan does not hold links the plan, never a dead anchor.
    assert_eq!(refs::clause_url(&t.targets[2].clause), "plans/yiyuan-2021/");
    assert!(g.plan_targets[0].targets.is_empty());
}

#[test]
fn slugs_are_unique_within_a_county() {
    let mut n = node("1", NodeKind::Item, "1.", "x");
    n.duties = vec![
        duty("公示办", Role::Lead),
        duty("公式办", Role::Responsible),
    ];
    let g = SiteGraph::build(&[plan("a", "某县", None, vec![n])]);
    let urls: Vec<&str> = g.offices.values().map(|o| o.slug.as_str()).collect();
    assert_eq!(urls.len(), 2);
    assert_ne!(urls[0], urls[1]);
}

#[test]
fn same_name_in_two_counties_is_two_offices() {
    let mut a = node("1", NodeKind::Item, "1.", "x");
    a.duties = vec![duty("县财政局", Role::Lead)];
    let b = a.clone();
    let g = SiteGraph::build_with(
        &[
            plan("a", "甲县", None, vec![a]),
            plan("b", "乙县", None, vec![b]),
        ],
        &Aliases::default(),
        &departments(),
    );
    assert_eq!(g.offices.len(), 2);
    let fin = g.departments.iter().find(|d| d.slug == "finance").unwrap();
    assert_eq!(fin.offices.len(), 2);
}

#[test]
fn deterministic() {
    let a = format!("{:?}", graph());
    let b = format!("{:?}", graph());
    assert_eq!(a, b);
}
