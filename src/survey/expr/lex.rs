//! Splitting a show_if expression into tokens, each with its column.

use std::fmt;

use super::{ExprError, Op};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum TokenKind {
    Ident(String),
    Number(f64),
    Str(String),
    Op(Op),
    LParen,
    RParen,
    Comma,
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Ident(s) => write!(f, "'{s}'"),
            TokenKind::Number(n) => write!(f, "number {n}"),
            TokenKind::Str(s) => write!(f, "text '{s}'"),
            TokenKind::Op(op) => write!(f, "'{}'", op_symbol(*op)),
            TokenKind::LParen => f.write_str("'('"),
            TokenKind::RParen => f.write_str("')'"),
            TokenKind::Comma => f.write_str("','"),
        }
    }
}

fn op_symbol(op: Op) -> &'static str {
    match op {
        Op::Eq => "==",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub kind: TokenKind,
    pub column: usize,
}

pub(super) fn lex(source: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let err = |message: String| ExprError { column, message };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (kind, len) = match c {
            '(' => (TokenKind::LParen, 1),
            ')' => (TokenKind::RParen, 1),
            ',' => (TokenKind::Comma, 1),
            '=' | '!' | '<' | '>' => {
                let next_eq = chars.get(i + 1) == Some(&'=');
                match (c, next_eq) {
                    ('=', true) => (TokenKind::Op(Op::Eq), 2),
                    ('!', true) => (TokenKind::Op(Op::Ne), 2),
                    ('<', true) => (TokenKind::Op(Op::Le), 2),
                    ('>', true) => (TokenKind::Op(Op::Ge), 2),
                    ('<', false) => (TokenKind::Op(Op::Lt), 1),
                    ('>', false) => (TokenKind::Op(Op::Gt), 1),
                    _ => {
                        return Err(err(format!(
                            "'{c}' must be written '{c}='; use == to compare"
                        )));
                    }
                }
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| err("text is not closed with a matching quote".into()))?;
                (
                    TokenKind::Str(chars[i + 1..i + 1 + end].iter().collect()),
                    end + 2,
                )
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let len = chars[i..]
                    .iter()
                    .enumerate()
                    .take_while(|(k, d)| {
                        d.is_ascii_digit() || **d == '.' || (*k == 0 && **d == '-')
                    })
                    .count();
                let text: String = chars[i..i + len].iter().collect();
                let n = text
                    .parse::<f64>()
                    .map_err(|_| err(format!("'{text}' is not a number")))?;
                (TokenKind::Number(n), len)
            }
            c if c.is_alphanumeric() || c == '_' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|d| d.is_alphanumeric() || **d == '_' || **d == '-')
                    .count();
                (TokenKind::Ident(chars[i..i + len].iter().collect()), len)
            }
            _ => return Err(err(format!("unexpected character '{c}'"))),
        };
        tokens.push(Token { kind, column });
        i += len;
    }
    Ok(tokens)
}
