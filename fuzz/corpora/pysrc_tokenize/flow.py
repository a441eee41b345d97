import builtins, zlib
p = zlib.decompress(b"x")
def f():
    getattr(builtins, "exec")(p)
    __import__("builtins").exec(__import__("base64").b64decode(s))
@dec
async def g(): return (lambda: 1)()
class C(B): x = [i for i in y if i]
