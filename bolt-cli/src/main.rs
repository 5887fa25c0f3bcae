//! The `bolt` command.

fn main() -> anyhow::Result<()> {
    Ok(())
}
