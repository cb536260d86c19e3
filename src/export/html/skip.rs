//! Skip instructions in words, from the questions' `show_if`, for paper forms:
//! "→ go to question C5" beside the option that skips, and "Only if: C0 is
//! 1 (Yes)" above a question that is asked only sometimes.

use crate::export::keys::entry_keys;
use crate::export::strings::Lang;
use crate::survey::expr::{Expr, Literal, Op};
use crate::survey::model::Kind;
use crate::survey::{Answer, Survey};

/// Where choosing `value` at question `at` sends the interviewer: the first
/// question after the run of following questions that this choice hides.
/// `Some(None)` means the choice skips to the end of the form; `None` means no skip.
pub fn go_to(survey: &Survey, at: usize, value: &str) -> Option<Option<usize>> {
    let question = &survey.questions[at];
    let answer = match &question.kind {
        Kind::Multi { .. } if question.option(value).is_some_and(|o| o.exclusive) => {
            Answer::Choices(vec![value.to_owned()])
        }
        Kind::Single { .. } | Kind::YesNo { .. } => Answer::Choice(value.to_owned()),
        Kind::Scale { .. } => Answer::Number(value.parse().ok()?),
        _ => return None,
    };
    let answer = if value == "na" {
        Answer::NotApplicable
    } else {
        answer
    };
    let hidden = |rule: &Expr| {
        let mut refs = Vec::new();
        rule.questions(&mut refs);
        refs.iter().all(|&r| r == at) && !rule.eval(&|i| if i == at { Some(&answer) } else { None })
    };
    let next = survey.questions[at + 1..]
        .iter()
        .position(|q| !q.show_if.as_ref().is_some_and(|rule| hidden(&rule.expr)))
        .map(|k| at + 1 + k);
    match next {
        Some(n) if n == at + 1 => None,
        Some(n) => Some(Some(n)),
        None if at + 1 < survey.questions.len() => Some(None),
        None => None,
    }
}

/// The instruction printed beside an option that skips.
pub fn go_to_words(survey: &Survey, target: Option<usize>, lang: Lang) -> String {
    match target {
        Some(i) => format!(
            "→ {} {}",
            lang.pick("chuyển đến câu", "go to question"),
            survey.questions[i].id
        ),
        None => format!("→ {}", lang.pick("hết phiếu", "end of the form")),
    }
}

/// "Only if: C0 is 1 (Yes)": when a question is asked, in words.
pub fn only_if_words(survey: &Survey, expr: &Expr, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick("Chỉ hỏi nếu:", "Only if:"),
        words(survey, expr, lang)
    )
}

fn words(survey: &Survey, expr: &Expr, lang: Lang) -> String {
    match expr {
        Expr::Compare {
            question,
            op,
            value,
        } => {
            let id = &survey.questions[*question].id;
            let shown = match value {
                Literal::Text(v) => keyed(survey, *question, v, lang),
                Literal::Number(n) => crate::survey::answer::format_number(*n),
            };
            format!("{id} {} {shown}", op_words(*op, lang))
        }
        Expr::Selected { question, value } => format!(
            "{} {} {}",
            survey.questions[*question].id,
            lang.pick("có chọn", "includes"),
            keyed(survey, *question, value, lang)
        ),
        Expr::Answered { question } => format!(
            "{} {}",
            survey.questions[*question].id,
            lang.pick("đã được trả lời", "is answered")
        ),
        Expr::Not(inner) => match inner.as_ref() {
            Expr::Selected { question, value } => format!(
                "{} {} {}",
                survey.questions[*question].id,
                lang.pick("không chọn", "does not include"),
                keyed(survey, *question, value, lang)
            ),
            Expr::Answered { question } => format!(
                "{} {}",
                survey.questions[*question].id,
                lang.pick("chưa được trả lời", "is not answered")
            ),
            other => format!(
                "{} ({})",
                lang.pick("không phải", "not"),
                words(survey, other, lang)
            ),
        },
        Expr::And(items) => items
            .iter()
            .map(|e| grouped(survey, e, lang))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", lang.pick("và", "and"))),
        Expr::Or(items) => items
            .iter()
            .map(|e| words(survey, e, lang))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", lang.pick("hoặc", "or"))),
    }
}

/// An "or" inside an "and" keeps its parentheses.
fn grouped(survey: &Survey, expr: &Expr, lang: Lang) -> String {
    match expr {
        Expr::Or(..) => format!("({})", words(survey, expr, lang)),
        _ => words(survey, expr, lang),
    }
}

fn op_words(op: Op, lang: Lang) -> &'static str {
    match op {
        Op::Eq => lang.pick("là", "is"),
        Op::Ne => lang.pick("khác", "is not"),
        Op::Lt => "<",
        Op::Le => "≤",
        Op::Gt => ">",
        Op::Ge => "≥",
    }
}

/// A value as the paper shows it: its key and label, "2 (No)".
fn keyed(survey: &Survey, question: usize, value: &str, lang: Lang) -> String {
    entry_keys(&survey.questions[question], lang)
        .into_iter()
        .find(|k| k.value == value)
        .map(|k| format!("{} ({})", k.key, k.label))
        .unwrap_or_else(|| format!("“{value}”"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Catalog;

    #[test]
    fn no_at_c0_skips_the_questions_that_need_yes() {
        let catalog = Catalog::bundled();
        let sxsh = catalog.get("sxsh", Some("1.0")).unwrap();
        let c0 = sxsh.question_index("C0").unwrap();
        let target = go_to(sxsh, c0, "no").expect("No at C0 skips");
        let target = target.expect("a question follows");
        assert!(target > c0 + 1);
        assert!(sxsh.questions[target].show_if.is_none());
        assert_eq!(go_to(sxsh, c0, "yes"), None);
        assert_eq!(
            go_to_words(sxsh, Some(target), Lang::En),
            format!("→ go to question {}", sxsh.questions[target].id)
        );
    }

    #[test]
    fn conditions_read_as_words_with_the_keys() {
        let catalog = Catalog::bundled();
        let sxsh = catalog.get("sxsh", Some("1.0")).unwrap();
        let c0 = sxsh.question_index("C0").unwrap();
        let shown_if_c0 = sxsh.questions[c0 + 1].show_if.as_ref().unwrap();
        assert_eq!(
            only_if_words(sxsh, &shown_if_c0.expr, Lang::En),
            "Only if: C0 is 1 (Yes)"
        );
        assert_eq!(
            only_if_words(sxsh, &shown_if_c0.expr, Lang::Vi),
            "Chỉ hỏi nếu: C0 là 1 (Có)"
        );
        let dx = catalog.get("dx", Some("1.0")).unwrap();
        let k = dx
            .questions
            .iter()
            .find(|q| q.show_if.as_ref().is_some_and(|s| s.source.contains("K1")))
            .unwrap();
        let words = only_if_words(dx, &k.show_if.as_ref().unwrap().expr, Lang::En);
        assert!(
            words.starts_with("Only if: K1 is answered and K1 does not include 9 ("),
            "{words}"
        );
    }

    #[test]
    fn an_exclusive_none_in_a_multi_question_skips() {
        let catalog = Catalog::bundled();
        let dx = catalog.get("dx", Some("1.0")).unwrap();
        let k1 = dx.question_index("K1").unwrap();
        assert!(matches!(go_to(dx, k1, "none"), Some(Some(_))));
        let first = dx.questions[k1].kind.options()[0].value.clone();
        assert_eq!(go_to(dx, k1, &first), None);
    }
}
