# A Coder template: one workspace per developer on Kubernetes, built from this repository's
# .devcontainer/devcontainer.json by envbuilder (no Docker daemon, no privileged pod). README.md
# beside this file says how to push it and what the cluster needs.

terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "~> 2.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.30"
    }
  }
}

variable "namespace" {
  type        = string
  description = "The namespace the workspaces run in. It must admit root containers: Pod Security baseline, not restricted."
}

variable "use_kubeconfig" {
  type        = bool
  description = "true: Coder runs outside the cluster and uses ~/.kube/config on its host. false: Coder runs in the cluster and uses its service account."
  default     = false
}

variable "envbuilder_image" {
  type        = string
  description = "The envbuilder image that builds the dev container. Pin a release, or its digest."
  default     = "ghcr.io/coder/envbuilder:1.3.0"
}

variable "storage_class" {
  type        = string
  description = "The StorageClass of the workspace volume; empty for the cluster's default."
  default     = ""
}

provider "coder" {}

provider "kubernetes" {
  config_path = var.use_kubeconfig ? "~/.kube/config" : null
}

data "coder_workspace" "me" {}

data "coder_workspace_owner" "me" {}

data "coder_parameter" "repository" {
  name         = "repository"
  display_name = "Repository"
  description  = "The git URL to clone; #refs/heads/BRANCH at its end picks a branch."
  type         = "string"
  default      = "https://github.com/acd-reference/acd-reference.git"
  mutable      = true
}

locals {
  name = "coder-${lower(data.coder_workspace_owner.me.name)}-${lower(data.coder_workspace.me.name)}"
  # where envbuilder clones the repository, and where the agent opens the editor
  workspace_folder = "/workspaces/acd-reference"
  labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = local.name
    "app.kubernetes.io/part-of"  = "coder"
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  dir  = local.workspace_folder
}

# The clone, kept while the workspace is stopped. The rest of the container, ~/.m2 included, is
# built afresh at each start.
resource "kubernetes_persistent_volume_claim_v1" "workspaces" {
  metadata {
    name      = "${local.name}-workspaces"
    namespace = var.namespace
    labels    = local.labels
  }
  wait_until_bound = false
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class == "" ? null : var.storage_class
    resources {
      requests = {
        storage = "32Gi"
      }
    }
  }
}

# Running while the workspace is started, gone while it is stopped.
resource "kubernetes_deployment_v1" "workspace" {
  count            = data.coder_workspace.me.start_count
  wait_for_rollout = false
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    replicas = 1
    strategy {
      type = "Recreate"
    }
    selector {
      match_labels = local.labels
    }
    template {
      metadata {
        labels = local.labels
      }
      spec {
        container {
          name              = "dev"
          image             = var.envbuilder_image
          image_pull_policy = "IfNotPresent"
          # envbuilder builds the image inside this container, as root; it needs no privilege.
          security_context {
            run_as_user = 0
          }
          env {
            name  = "ENVBUILDER_GIT_URL"
            value = data.coder_parameter.repository.value
          }
          env {
            name  = "ENVBUILDER_WORKSPACE_FOLDER"
            value = local.workspace_folder
          }
          env {
            # the devcontainer's base image, started as it is when the build fails, so the
            # developer can still connect and fix devcontainer.json
            name  = "ENVBUILDER_FALLBACK_IMAGE"
            value = "mcr.microsoft.com/devcontainers/java:1-21-bookworm"
          }
          env {
            name  = "ENVBUILDER_INIT_SCRIPT"
            value = coder_agent.main.init_script
          }
          env {
            name  = "CODER_AGENT_TOKEN"
            value = coder_agent.main.token
          }
          env {
            name  = "CODER_AGENT_URL"
            value = data.coder_workspace.me.access_url
          }
          # devcontainer.json's hostRequirements: 4 CPUs, 8 GB
          resources {
            requests = {
              cpu    = "2"
              memory = "8Gi"
            }
            limits = {
              cpu    = "4"
              memory = "8Gi"
            }
          }
          volume_mount {
            name       = "workspaces"
            mount_path = "/workspaces"
          }
        }
        volume {
          name = "workspaces"
          persistent_volume_claim {
            claim_name = kubernetes_persistent_volume_claim_v1.workspaces.metadata[0].name
          }
        }
      }
    }
  }
}
