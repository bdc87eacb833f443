"""Alle flytene med navnet de har på kommandolinjen og deployment-oppsettet sitt."""

from flyter.felles import Utrulling


def utrullinger() -> dict[str, Utrulling]:
    """Flytene etter navn (importeres først her, så kommandolinjen starter raskt uten Prefect)."""
    from flyter import daglig_oppfolging, paminnelser, utsending

    moduler = [daglig_oppfolging, paminnelser, utsending]
    for valgfri in ("behandle_melding", "oppnevn_koordinator", "innkall_ansvarsgruppe", "kvartalskontroll"):
        try:
            moduler.append(__import__(f"flyter.{valgfri}", fromlist=["UTRULLING"]))
        except ModuleNotFoundError:
            continue
    return {m.__name__.rsplit(".", 1)[1].replace("planlegg_", ""): m.UTRULLING for m in moduler}
