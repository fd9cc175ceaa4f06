# -*- coding: latin-1 -*-
# Modèle français
from transformers import AutoModel
modele = AutoModel.from_pretrained("camembert/camembert-large")  # café
