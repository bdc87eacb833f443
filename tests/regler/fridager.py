"""Norske helligdager 2025–2028 skrevet som literaler (lov om helligdager og helligdagsfred § 1;
lov 1947-04-26-1 for 1. og 17. mai). Testene av kjernen importerer ikke pakken `holidays`."""

from datetime import date

FRIDAGER = frozenset(
    {
        # 2025
        date(2025, 1, 1),
        date(2025, 4, 17),
        date(2025, 4, 18),
        date(2025, 4, 20),
        date(2025, 4, 21),
        date(2025, 5, 1),
        date(2025, 5, 17),
        date(2025, 5, 29),
        date(2025, 6, 8),
        date(2025, 6, 9),
        date(2025, 12, 25),
        date(2025, 12, 26),
        # 2026: påske 5. april, Kristi himmelfart 14. mai, pinse 24. mai
        date(2026, 1, 1),
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 5, 17),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
        # 2027: påske 28. mars, Kristi himmelfart 6. mai, 2. pinsedag = 17. mai
        date(2027, 1, 1),
        date(2027, 3, 25),
        date(2027, 3, 26),
        date(2027, 3, 28),
        date(2027, 3, 29),
        date(2027, 5, 1),
        date(2027, 5, 6),
        date(2027, 5, 16),
        date(2027, 5, 17),
        date(2027, 12, 25),
        date(2027, 12, 26),
        # 2028: påske 16. april, Kristi himmelfart 25. mai, pinse 4. juni
        date(2028, 1, 1),
        date(2028, 4, 13),
        date(2028, 4, 14),
        date(2028, 4, 16),
        date(2028, 4, 17),
        date(2028, 5, 1),
        date(2028, 5, 17),
        date(2028, 5, 25),
        date(2028, 6, 4),
        date(2028, 6, 5),
        date(2028, 12, 25),
        date(2028, 12, 26),
    }
)
