package dev.ledger.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict checks of core Kubernetes objects with the fabric8 model: an object must bind to its
 * class, and nothing may land in any {@code additionalProperties} (where fabric8 keeps fields it
 * does not know, i.e. misspelt or invented ones). cert-manager's kinds are checked the same way:
 * fabric8 models them, and {@code shared/k8s-schemas} has no schema for them. Tekton's kinds are bound
 * to fabric8's tekton-model the same way ({@link #problems(JsonNode, Class)}).
 */
public final class CoreKinds {

    private static final Map<String, Class<? extends HasMetadata>> CLASSES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("cert-manager.io/v1/Certificate", Certificate.class),
            Map.entry("cert-manager.io/v1/Issuer", Issuer.class));

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CoreKinds() {}

    /** Built into Kubernetes: the core group, groups without a dot (apps, batch, ...) and a few *.k8s.io ones. */
    public static boolean isCore(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return !group.contains(".")
                || List.of("networking.k8s.io", "rbac.authorization.k8s.io", "cert-manager.io")
                        .contains(group);
    }

    /** Problems with one core object; empty when it binds cleanly. */
    public static List<String> problems(JsonNode object) {
        Class<? extends HasMetadata> type = CLASSES.get(key(object));
        if (type == null) {
            return List.of(Manifests.id(object) + ": no model class registered for " + key(object));
        }
        return problems(object, type);
    }

    /** Problems with an object bound to the given fabric8 model class; empty when it binds cleanly. */
    public static List<String> problems(JsonNode object, Class<?> type) {
        Object parsed;
        try {
            parsed = MAPPER.treeToValue(object, type);
        } catch (Exception e) {
            return List.of(Manifests.id(object) + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(parsed, Manifests.id(object), problems, new IdentityHashMap<>());
        return problems;
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** Walks the model through its getters and reports every non-empty additionalProperties. */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, problems, seen));
            return;
        }
        String model = value.getClass().getName();
        if (!model.startsWith("io.fabric8.kubernetes.api.model")
                && !model.startsWith("io.fabric8.certmanager")
                && !model.startsWith("io.fabric8.tekton")) {
            return;
        }
        // A TriggerTemplate's resource templates are whole objects of any kind, kept as unknown
        // fields by the model: the delivery checks bind each to its own class.
        if (model.equals("io.fabric8.tekton.triggers.v1beta1.TriggerResourceTemplate")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                unknownFields(child, path + "." + decapitalize(getter.getName().substring(3)), problems, seen);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
