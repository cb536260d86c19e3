//! What the result card and the dashboard show, computed once when they open
//! (rendering then only reads it). The numbers are the application layer's.

use super::app::Screen;
use crate::fieldwork::results::ResultCard;
use crate::fieldwork::summaries::{Board, BoardRow};
use crate::survey::collate::{CollationKey, collation_key};

#[derive(Debug, Clone)]
pub struct ResultView {
    pub outcome: ResultCard,
    /// Lines scrolled off the top, on a small window.
    pub scroll: u16,
    /// The screen Esc goes back to (the session screen or the dashboard).
    pub back: Screen,
}

impl ResultView {
    pub fn new(outcome: ResultCard, back: Screen) -> ResultView {
        ResultView {
            outcome,
            scroll: 0,
            back,
        }
    }
}

/// A session's board for one survey, in the order the trainer sorted it.
/// Columns: 0 name, 1 index, then one per dimension.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub board: Board,
    /// Indexes into `board.rows`, in display order.
    pub order: Vec<usize>,
    /// Each row's name as it sorts, made once with the board: made in each comparison, a
    /// sort of 10,000 rows took 0.35 s after a key press.
    names: Vec<CollationKey>,
    pub sort: usize,
    pub descending: bool,
    /// The selected row, by display position (Enter opens its result card).
    pub selected: usize,
}

impl Dashboard {
    pub fn new(board: Board) -> Dashboard {
        let mut dashboard = Dashboard {
            order: (0..board.rows.len()).collect(),
            names: board
                .rows
                .iter()
                .map(|r| collation_key(&r.establishment.name))
                .collect(),
            board,
            sort: 1,
            descending: true,
            selected: 0,
        };
        dashboard.resort();
        dashboard
    }

    pub fn columns(&self) -> usize {
        2 + self.board.columns.survey.dimensions.len()
    }

    /// The rows in display order.
    pub fn rows(&self) -> impl Iterator<Item = &BoardRow> {
        self.order.iter().map(|&i| &self.board.rows[i])
    }

    /// Whether the ranks mean something in this order (by index, best first).
    pub fn ranked(&self) -> bool {
        self.sort == 1 && self.descending
    }

    /// The selected row.
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.order.get(self.selected).map(|&i| &self.board.rows[i])
    }

    /// Sorts by the chosen column. Responses that count come first, drafts after them;
    /// within each, rows without a score go last; names in Vietnamese order.
    pub fn resort(&mut self) {
        let (col, descending) = (self.sort, self.descending);
        let (board, names) = (&self.board, &self.names);
        let value = |r: &BoardRow| match col {
            1 => r.scored.card.index,
            c => r.dimension(&board.columns, c.wrapping_sub(2)),
        };
        self.order.sort_by(|&i, &j| {
            let (a, b) = (&board.rows[i], &board.rows[j]);
            let counts = b.state.counts().cmp(&a.state.counts());
            let by_name = names[i].cmp(&names[j]);
            let within = if col == 0 {
                if descending {
                    by_name.reverse()
                } else {
                    by_name
                }
            } else {
                match (value(a), value(b)) {
                    (Some(x), Some(y)) if descending => y.total_cmp(&x),
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            };
            counts.then(within).then(by_name)
        });
    }
}
