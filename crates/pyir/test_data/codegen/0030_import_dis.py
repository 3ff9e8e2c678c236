import dis
dis.dis(f)
