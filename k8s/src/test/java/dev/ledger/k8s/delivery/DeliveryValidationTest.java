package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.CoreKinds;
import dev.ledger.k8s.CustomResourceSchemas;
import dev.ledger.k8s.Manifests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every delivery object validates strictly: Tekton's against fabric8's tekton-model (Tekton's CRDs
 * have no structural schema, see TektonKinds), Argo CD's against their CRDs' schemas from
 * shared/k8s-schemas made strict, Kubernetes' own against the kubernetes-model; and each check
 * catches a misspelt field.
 */
class DeliveryValidationTest {

    @Test
    void shouldBindEveryTektonObjectStrictly() {
        List<String> problems = new ArrayList<>();
        int tekton = 0;
        for (ObjectNode object : Delivery.tekton()) {
            if (TektonKinds.isTekton(object)) {
                problems.addAll(TektonKinds.problems(object));
                tekton++;
            } else {
                problems.addAll(CoreKinds.problems(object));
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(11, tekton, "3 Tasks, 3 Pipelines, an EventListener, 2 TriggerBindings, 2 TriggerTemplates");
    }

    @Test
    void shouldValidateEveryArgoCdObjectAgainstItsSchema() {
        CustomResourceSchemas schemas = CustomResourceSchemas.locateOrSkip();
        List<String> problems = new ArrayList<>();
        List<ObjectNode> argocd = Delivery.argocd();
        for (ObjectNode object : argocd) {
            problems.addAll(CoreKinds.isCore(object) ? CoreKinds.problems(object) : schemas.problems(object));
        }
        List<ObjectNode> applications = Delivery.applications(argocd);
        for (ObjectNode application : applications) {
            problems.addAll(schemas.problems(application));
        }
        for (ObjectNode cluster : Delivery.clusters()) {
            problems.addAll(CoreKinds.problems(cluster));
        }
        assertEquals(List.of(), problems);
        assertEquals(10, applications.size(), "5 ledger Applications and 5 Namespace Applications");
    }

    @Test
    void shouldCatchAMisspeltFieldInATektonObject() {
        ObjectNode task = Delivery.named(Delivery.tekton(), "Task", "gitops-promote");
        assertEquals(List.of(), TektonKinds.problems(task));
        ((ObjectNode) task.path("spec").path("steps").get(0)).put("scirpt", "echo");
        assertTrue(
                TektonKinds.problems(task).toString().contains("scirpt"),
                TektonKinds.problems(task).toString());

        ObjectNode template = Delivery.named(Delivery.tekton(), "TriggerTemplate", "main");
        ((ObjectNode) template.path("spec").path("resourcetemplates").get(0).path("spec"))
                .put("serviceAccount", "ledger-pipeline");
        assertTrue(
                TektonKinds.problems(template).toString().contains("serviceAccount"),
                "a resource template is checked as the PipelineRun it is: " + TektonKinds.problems(template));

        ObjectNode listener = Delivery.named(Delivery.tekton(), "EventListener", "github");
        ((ObjectNode) listener.path("spec").path("triggers").get(0)).put("interceptor", "cel");
        assertFalse(TektonKinds.problems(listener).isEmpty());
    }

    @Test
    void shouldRefuseTheOldTektonApiVersions() {
        ObjectNode task = Delivery.named(Delivery.tekton(), "Task", "maven-verify");
        task.put("apiVersion", "tekton.dev/v1beta1");
        assertTrue(
                TektonKinds.problems(task).get(0).startsWith("tekton-api:"),
                TektonKinds.problems(task).toString());
        ObjectNode binding = Delivery.named(Delivery.tekton(), "TriggerBinding", "github-push");
        binding.put("apiVersion", "triggers.tekton.dev/v1alpha1");
        assertFalse(TektonKinds.problems(binding).isEmpty());
    }

    @Test
    void shouldCatchAMisspeltFieldInAnArgoCdObject() {
        CustomResourceSchemas schemas = CustomResourceSchemas.locateOrSkip();
        ObjectNode set = Delivery.named(Delivery.argocd(), "ApplicationSet", "ledger");
        assertEquals(List.of(), schemas.problems(set));
        ((ObjectNode) set.path("spec").path("template").path("spec").path("syncPolicy")).putObject("automatic");
        assertFalse(schemas.problems(set).isEmpty());

        ObjectNode project = Delivery.named(Delivery.argocd(), "AppProject", "prod");
        ((ObjectNode) project.path("spec").path("syncWindows").get(0)).put("timezone", "UTC");
        assertFalse(schemas.problems(project).isEmpty());

        ObjectNode application = Delivery.applications(Delivery.argocd()).get(0);
        ((ObjectNode) application.path("spec")).put("destinaton", "dev");
        assertFalse(schemas.problems(application).isEmpty());
        assertTrue(Manifests.id(application).startsWith("Application/"));
    }
}
