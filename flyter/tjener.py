"""Serverer alle deployments mot Prefect-serveren i PREFECT_API_URL (startes av `enheten start`)."""

from flyter.register import utrullinger


def main() -> None:
    """Server alle flytene med tidsplanene sine til prosessen stoppes."""
    from prefect import serve

    serve(*(u.til_deployment() for u in utrullinger().values()), print_starting_message=False, limit=4)


if __name__ == "__main__":
    main()
