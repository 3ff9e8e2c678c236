# Unicode identifiers and strings; columns in tokens are characters, not bytes.
π = 3.14159
café = "coffee"
变量 = 42
Ωmega = π * 2
naïve_count = 0
ñ = "eñe"
ǅ = "title-case letter"
ﬁle = "ligature normalized by NFKC"
def grüß(name, größe=3):
    return f"Grüße, {name}! {größe}"

print(π, café, 变量, Ωmega, ñ, ǅ)
print(file)
print(grüß("Welt"), grüß(name="мир", größe=5))
for ω in range(2):
    naïve_count += ω + 1
print(naïve_count)
text = "日本語テキスト"
print(text, len(text), text[1:3], text[::-1])
emoji = "😀👍🏽 ok"
print(emoji, len(emoji), repr(emoji[0]), emoji[-2:])
print("Ünïcödé".upper(), "ÀÉÎ".lower(), "straße".upper())
mixed = {"ключ": "значение", "κλειδί": 1}
print(mixed, mixed["ключ"])
print(ord("€"), chr(8364), chr(0x1F40D), ord("\U0001F40D"))
print([c for c in "añb"], "añb".encode("utf-8"))
