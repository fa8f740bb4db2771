print("gradsync")
