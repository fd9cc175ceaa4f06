#!/bin/sh
MODEL_VERSION=3
DATA_MODEL=v2/schema
docker pull acme/model-server:latest
helm upgrade --install api charts/api --set image.repository=acme/api --model-version 3
python manage.py makemigrations --model inventory/CarModel
kubectl apply -f k8s/model.yaml
