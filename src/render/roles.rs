//! The glossary of who does what: the words 牵头 / 责任 / 配合 every page uses, in one place,
//! as the plans print them. A role no plan names is never shown with a count of 0: an office
//! of a plan that names no lead is a 责任单位, not a 参与 with 0 牵头.

use crate::doc::Role;
use crate::graph::RoleCounts;
use serde::Serialize;

/// The roles in the order pages list them.
pub const ROLES: [Role; 3] = [Role::Lead, Role::Responsible, Role::Cooperating];

/// 牵头 / 责任 / 配合: the word alone, for a badge beside a clause.
pub fn short(r: Role) -> &'static str {
    match r {
        Role::Lead => "牵头",
        Role::Responsible => "责任",
        Role::Cooperating => "配合",
    }
}

/// 牵头单位 / 责任单位 / 配合单位: the column titles of the plans' task tables.
pub fn name(r: Role) -> &'static str {
    match r {
        Role::Lead => "牵头单位",
        Role::Responsible => "责任单位",
        Role::Cooperating => "配合单位",
    }
}

/// The word for offices of every role together (a page title, a card's count).
pub const ANY: &str = "责任单位";

/// One role with how many actions an office holds in it.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleCount {
    pub role: Role,
    /// 牵头单位 …: the count reads 「作为牵头单位 3 项」.
    pub name: &'static str,
    pub n: usize,
}

/// The roles an office holds, each with its count; roles it never holds are left out.
pub fn counts(c: &RoleCounts) -> Vec<RoleCount> {
    ROLES
        .iter()
        .filter(|r| c.get(**r) > 0)
        .map(|&role| RoleCount {
            role,
            name: name(role),
            n: c.get(role),
        })
        .collect()
}

/// The columns of a table of offices: the roles at least one of them holds, so a county whose
/// plans name no lead has no 牵头 column of zeros.
pub fn columns<'a>(all: impl IntoIterator<Item = &'a RoleCounts>) -> Vec<Role> {
    let mut any = RoleCounts::default();
    for c in all {
        any.lead += c.lead;
        any.responsible += c.responsible;
        any.cooperating += c.cooperating;
    }
    ROLES.into_iter().filter(|r| any.get(*r) > 0).collect()
}

/// A column of a table of offices.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct Column {
    pub role: Role,
    pub name: &'static str,
}

pub fn column_views(roles: &[Role]) -> Vec<Column> {
    roles
        .iter()
        .map(|&role| Column {
            role,
            name: name(role),
        })
        .collect()
}

/// An office's counts under `roles` (a row of a table of offices), zeros kept so cells line
/// up with their columns.
pub fn row(c: &RoleCounts, roles: &[Role]) -> Vec<usize> {
    roles.iter().map(|r| c.get(*r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_never_held_are_left_out() {
        let c = RoleCounts {
            lead: 0,
            responsible: 27,
            cooperating: 0,
        };
        let v = counts(&c);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].name, v[0].n), ("责任单位", 27));
        assert_eq!(columns([&c]), vec![Role::Responsible]);
        let lead = RoleCounts {
            lead: 2,
            ..Default::default()
        };
        assert_eq!(columns([&c, &lead]), vec![Role::Lead, Role::Responsible]);
        assert_eq!(row(&c, &[Role::Lead, Role::Responsible]), vec![0, 27]);
    }
}
