class a(
